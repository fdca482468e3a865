using System.Text.Json.Nodes;
using Graylane.Core.Json;
using Graylane.Core.Model;
using Graylane.Kubernetes;

namespace Graylane.Engine.Steps;

/// <summary>The gray workloads' pods, found through each gray Deployment's own selector (never a bare version label another app may share).</summary>
internal static class GrayPods
{
    public static async Task<IReadOnlyList<JsonObject>> ReadAsync(StepContext ctx, ReleaseRecord record, CancellationToken ct)
    {
        var pods = new List<JsonObject>();
        foreach (var w in record.Workloads.Where(w => w.GrayWorkload.Length > 0))
        {
            var deployment = await ctx.Kube.GetAsync(KubeResource.Deployments, ctx.Namespace, w.GrayWorkload, ct);
            if (deployment is null) continue;
            var selector = Obj.StringMap(deployment["spec"]?["selector"]?["matchLabels"]);
            if (selector.Count == 0) continue;
            pods.AddRange(await ctx.Kube.ListItemsAsync(KubeResource.Pods, ctx.Namespace, string.Join(",", selector.Select(kv => $"{kv.Key}={kv.Value}")), ct: ct));
        }
        return pods;
    }
}
