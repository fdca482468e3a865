using System.Text.Json.Nodes;
using Graylane.Core.Json;

namespace Graylane.Core.Planning.Replicas;

/// <summary>
/// A HorizontalPodAutoscaler on the baseline would undo every shift (it scales the baseline back to what its metrics say).
/// For the release it is paused the way autoscaling/v2 allows: scaling up and down disabled
/// (spec.behavior.scaleUp/scaleDown.selectPolicy: Disabled). The HPA controller enforces minReplicas and maxReplicas before
/// it looks at behavior (a Deployment below minReplicas is scaled up to it, one above maxReplicas down to it), so the pause
/// also lowers minReplicas to 1 and raises maxReplicas to the release's total; every other field is kept. Promote and
/// rollback put those three fields back as they were. Pure.
/// </summary>
public static class AutoscalerPause
{
    public const string Disabled = "Disabled";

    /// <summary>The HPAs whose scale target is the Deployment (apps/v1, or no group given).</summary>
    public static IReadOnlyList<JsonObject> Targeting(IEnumerable<JsonObject> autoscalers, string deployment) =>
        autoscalers.Where(h => h["spec"]?["scaleTargetRef"] is JsonObject target
                               && (string?)target["kind"] == "Deployment" && (string?)target["name"] == deployment
                               && ((string?)target["apiVersion"] ?? "apps/v1").StartsWith("apps/", StringComparison.Ordinal))
            .OrderBy(Obj.Name, StringComparer.Ordinal).ToList();

    /// <summary>The fields the pause changes: what the ledger keeps and resume puts back.</summary>
    private static readonly string[] Fields = ["behavior", "minReplicas", "maxReplicas"];

    /// <summary>True when the HPA can change none of the replica counts of a release of this total of pods.</summary>
    public static bool IsPaused(JsonObject hpa, int total) =>
        (string?)hpa["spec"]?["behavior"]?["scaleUp"]?["selectPolicy"] == Disabled && (string?)hpa["spec"]?["behavior"]?["scaleDown"]?["selectPolicy"] == Disabled
        && (Obj.Int(hpa["spec"]?["minReplicas"]) ?? 1) <= 1 && (Obj.Int(hpa["spec"]?["maxReplicas"]) ?? 0) >= total;

    /// <summary>The HPA with both directions disabled and bounds that hold any count from 1 to the total; the rest of its behavior (policies, windows) kept.</summary>
    public static JsonObject Paused(JsonObject hpa, int total)
    {
        var paused = Obj.Clone(hpa);
        var spec = Obj.Child(paused, "spec");
        var behavior = Obj.Child(spec, "behavior");
        Obj.Child(behavior, "scaleUp")["selectPolicy"] = Disabled;
        Obj.Child(behavior, "scaleDown")["selectPolicy"] = Disabled;
        if ((Obj.Int(spec["minReplicas"]) ?? 1) > 1) spec["minReplicas"] = 1;
        if ((Obj.Int(spec["maxReplicas"]) ?? 0) < total) spec["maxReplicas"] = total;
        return paused;
    }

    /// <summary>The live HPA with behavior, minReplicas and maxReplicas as before the release (absent when they were); other changes kept.</summary>
    public static JsonObject Resumed(JsonObject live, JsonObject before)
    {
        var resumed = Obj.Clone(live);
        var spec = Obj.Child(resumed, "spec");
        foreach (var field in Fields)
        {
            if (before["spec"]?[field] is { } value) spec[field] = value.DeepClone();
            else spec.Remove(field);
        }
        return resumed;
    }

    /// <summary>What Graylane manages in an HPA, as the ledger keeps it: {spec: {behavior, minReplicas, maxReplicas}}.</summary>
    public static JsonObject Managed(JsonObject hpa)
    {
        var spec = new JsonObject();
        foreach (var field in Fields) spec[field] = hpa["spec"]?[field]?.DeepClone();
        return new JsonObject { ["spec"] = spec };
    }
}
