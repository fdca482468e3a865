using System.Text.Json.Nodes;
using Graylane.Core.Json;
using Graylane.Core.Validation;
using Graylane.Kubernetes;

namespace Graylane.Engine.Routing.Lanes;

/// <summary>Finds a service's Deployments by version: those whose pods its Service selects, keyed by their version label.</summary>
public static class LaneWorkloads
{
    public static async Task<JsonObject> ServiceAsync(StepContext ctx, string service, string input, CancellationToken ct) =>
        await ctx.Kube.GetCachedAsync(KubeResource.Services, ctx.Namespace, service, ct)
        ?? throw new InvalidInputException(input, $"Service {service} not found in namespace {ctx.Namespace}");

    public static async Task<Dictionary<string, JsonObject>> VersionsAsync(StepContext ctx, string service, string versionLabel,
        IReadOnlyList<JsonObject> deployments, CancellationToken ct)
    {
        var svc = await ServiceAsync(ctx, service, "services", ct);
        var selector = Obj.StringMap(svc["spec"]?["selector"]);
        var result = new Dictionary<string, JsonObject>(StringComparer.Ordinal);
        if (selector.Count == 0) return result;
        foreach (var d in deployments.OrderBy(Obj.Name, StringComparer.Ordinal))
        {
            var labels = Obj.StringMap(d["spec"]?["template"]?["metadata"]?["labels"]);
            if (Obj.Matches(selector, labels) && labels.TryGetValue(versionLabel, out var v)) result.TryAdd(v, d);
        }
        return result;
    }

    /// <summary>Why a service has no lane version: its Deployments' pods carry no version label (lanes are version-label values).</summary>
    public static async Task<string> NoVersionMessageAsync(StepContext ctx, string service, string versionLabel, IReadOnlyList<JsonObject> deployments, CancellationToken ct)
    {
        var selector = Obj.StringMap((await ServiceAsync(ctx, service, "services", ct))["spec"]?["selector"]);
        var unlabelled = selector.Count == 0 ? [] : deployments
            .Where(d => Obj.Matches(selector, Obj.StringMap(d["spec"]?["template"]?["metadata"]?["labels"])))
            .Select(Obj.Name).ToList();
        return unlabelled.Count == 0
            ? $"Service {service} selects no Deployment with a {versionLabel} label in namespace {ctx.Namespace}"
            : $"Service {service} selects Deployment {string.Join(", ", unlabelled)}, whose pods carry no {versionLabel} label. Lanes are version-label values " +
              $"(a request tagged v2 goes to the pods labelled {versionLabel}: v2), so the lane routers need it on every service's pods; adding it to an existing " +
              "Deployment means recreating it (its selector is immutable). --router service or istio release such apps as they are (they pin the baseline by its pod-template-hash)";
    }
}
