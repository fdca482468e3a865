using System.Text.Json.Nodes;

namespace Graylane.LocalCluster.Resources;

/// <summary>
/// Converts objects between a kind's storage version and another served version. Among the stable built-in kinds only
/// HorizontalPodAutoscaler has two (stored as autoscaling/v2, also served as v1); every other kind differs between
/// served versions in apiVersion alone. As upstream, what v1 cannot express (metrics other than the CPU target,
/// behavior, conditions) travels in autoscaling.alpha.kubernetes.io annotations, so a v1 round trip loses nothing.
/// </summary>
internal static class VersionConversion
{
    private const string MetricsAnnotation = "autoscaling.alpha.kubernetes.io/metrics";
    private const string BehaviorAnnotation = "autoscaling.alpha.kubernetes.io/behavior";
    private const string ConditionsAnnotation = "autoscaling.alpha.kubernetes.io/conditions";
    private const string CurrentMetricsAnnotation = "autoscaling.alpha.kubernetes.io/current-metrics";

    public static bool Needed(ServedResource r) => r.Version != r.Type.Version;

    /// <summary>Rewrites a stored object (in place) into r's version.</summary>
    public static void ToServed(JsonObject obj, ServedResource r)
    {
        if (IsHpa(r) && r.Version == "v1" && r.Type.Version == "v2") HpaV2ToV1(obj);
    }

    /// <summary>Rewrites an object of r's version (in place) into the storage version.</summary>
    public static void ToStorage(JsonObject obj, ServedResource r)
    {
        if (IsHpa(r) && r.Version == "v1" && r.Type.Version == "v2") HpaV1ToV2(obj);
    }

    private static bool IsHpa(ServedResource r) => r is { IsCustom: false, Group: "autoscaling", Plural: "horizontalpodautoscalers" };

    private static void HpaV2ToV1(JsonObject obj)
    {
        var annotations = new JsonObject();
        if (obj["spec"] is JsonObject spec)
        {
            var metrics = (spec["metrics"] as JsonArray)?.OfType<JsonObject>().ToList() ?? [];
            var cpu = metrics.FirstOrDefault(IsCpuUtilization);
            var others = metrics.Where(m => m != cpu).ToList();
            var v1 = new JsonObject { ["scaleTargetRef"] = spec["scaleTargetRef"]?.DeepClone() };
            if (spec["minReplicas"] is { } min) v1["minReplicas"] = min.DeepClone();
            v1["maxReplicas"] = spec["maxReplicas"]?.DeepClone();
            if (cpu?["resource"]?["target"]?["averageUtilization"] is { } target) v1["targetCPUUtilizationPercentage"] = target.DeepClone();
            if (others.Count > 0) annotations[MetricsAnnotation] = new JsonArray(others.Select(m => (JsonNode)m.DeepClone()).ToArray()).ToJsonString();
            if (spec["behavior"] is { } behavior) annotations[BehaviorAnnotation] = behavior.ToJsonString();
            obj["spec"] = v1;
        }
        if (obj["status"] is JsonObject status)
        {
            var v1 = new JsonObject();
            foreach (var key in new[] { "observedGeneration", "lastScaleTime", "currentReplicas", "desiredReplicas" })
                if (status[key] is { } value) v1[key] = value.DeepClone();
            var current = (status["currentMetrics"] as JsonArray)?.OfType<JsonObject>().ToList() ?? [];
            var cpu = current.FirstOrDefault(m => m["type"].Str() == "Resource" && m["resource"]?["name"].Str() == "cpu");
            if (cpu?["resource"]?["current"]?["averageUtilization"] is { } now) v1["currentCPUUtilizationPercentage"] = now.DeepClone();
            var otherCurrent = current.Where(m => m != cpu).Select(m => (JsonNode)m.DeepClone()).ToArray();
            if (otherCurrent.Length > 0) annotations[CurrentMetricsAnnotation] = new JsonArray(otherCurrent).ToJsonString();
            if (status["conditions"] is JsonArray { Count: > 0 } conditions) annotations[ConditionsAnnotation] = conditions.ToJsonString();
            obj["status"] = v1;
        }
        if (annotations.Count == 0) return;
        var meta = obj.Meta();
        var existing = meta["annotations"] as JsonObject ?? new JsonObject();
        foreach (var (k, v) in annotations) existing[k] = v?.DeepClone();
        meta["annotations"] = existing;
    }

    private static void HpaV1ToV2(JsonObject obj)
    {
        var annotations = obj["metadata"]?["annotations"] as JsonObject;
        JsonNode? Take(string key)
        {
            if (annotations?[key].Str() is not { } text) return null;
            annotations.Remove(key);
            try { return JsonNode.Parse(text); }
            catch (System.Text.Json.JsonException) { return null; }
        }
        var otherMetrics = Take(MetricsAnnotation) as JsonArray;
        var behavior = Take(BehaviorAnnotation);
        var currentMetrics = Take(CurrentMetricsAnnotation) as JsonArray;
        var conditions = Take(ConditionsAnnotation) as JsonArray;
        if (annotations is { Count: 0 }) (obj["metadata"] as JsonObject)?.Remove("annotations");

        if (obj["spec"] is JsonObject spec)
        {
            var v2 = new JsonObject { ["scaleTargetRef"] = spec["scaleTargetRef"]?.DeepClone() };
            if (spec["minReplicas"] is { } min) v2["minReplicas"] = min.DeepClone();
            v2["maxReplicas"] = spec["maxReplicas"]?.DeepClone();
            var metrics = new JsonArray();
            if (spec["targetCPUUtilizationPercentage"] is { } target)
                metrics.Add(new JsonObject
                {
                    ["type"] = "Resource",
                    ["resource"] = new JsonObject
                    {
                        ["name"] = "cpu",
                        ["target"] = new JsonObject { ["type"] = "Utilization", ["averageUtilization"] = target.DeepClone() },
                    },
                });
            foreach (var m in otherMetrics?.OfType<JsonObject>() ?? []) metrics.Add(m.DeepClone());
            if (metrics.Count > 0) v2["metrics"] = metrics;
            if (behavior is not null) v2["behavior"] = behavior;
            obj["spec"] = v2;
        }
        if (obj["status"] is JsonObject status)
        {
            var v2 = new JsonObject();
            foreach (var key in new[] { "observedGeneration", "lastScaleTime", "currentReplicas", "desiredReplicas" })
                if (status[key] is { } value) v2[key] = value.DeepClone();
            var current = new JsonArray();
            if (status["currentCPUUtilizationPercentage"] is { } now)
                current.Add(new JsonObject
                {
                    ["type"] = "Resource",
                    ["resource"] = new JsonObject { ["name"] = "cpu", ["current"] = new JsonObject { ["averageUtilization"] = now.DeepClone() } },
                });
            foreach (var m in currentMetrics?.OfType<JsonObject>() ?? []) current.Add(m.DeepClone());
            if (current.Count > 0) v2["currentMetrics"] = current;
            if (conditions is not null) v2["conditions"] = conditions;
            obj["status"] = v2;
        }
    }

    private static bool IsCpuUtilization(JsonObject m) =>
        m["type"].Str() == "Resource" && m["resource"]?["name"].Str() == "cpu" && m["resource"]?["target"]?["type"].Str() == "Utilization";
}
