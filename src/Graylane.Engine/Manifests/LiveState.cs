using System.Text.Json.Nodes;
using Graylane.Core.Manifests;
using Graylane.Kubernetes;

namespace Graylane.Engine.Manifests;

/// <summary>
/// Reads what the planner compares the manifests with: Deployments, Services and HPAs listed once each, and every other
/// object of the manifests by name (one GET each) — a deterministic number of requests per release.
/// </summary>
public static class LiveState
{
    public static async Task<ManifestLiveState> ReadAsync(StepContext ctx, ManifestSet set, CancellationToken ct)
    {
        var deployments = await ctx.Kube.ListItemsAsync(KubeResource.Deployments, ctx.Namespace, ct: ct);
        var services = await ctx.Kube.ListItemsAsync(KubeResource.Services, ctx.Namespace, ct: ct);
        var autoscalers = await ListOrNoneAsync(ctx, KubeResource.HorizontalPodAutoscalers, ct);
        var objects = new Dictionary<ManifestObject, JsonObject?>();
        foreach (var o in set.Objects)
        {
            if (o.IsDeployment || o.Is("", "Service") || o.Is("autoscaling", "HorizontalPodAutoscaler")) continue;
            objects[o] = await ctx.Kube.GetAsync(await ManifestResources.ResolveAsync(ctx, o, ct), ctx.Namespace, o.Name, ct);
        }
        return new ManifestLiveState(deployments, services, autoscalers, o =>
            o.IsDeployment ? deployments.FirstOrDefault(d => Core.Json.Obj.Name(d) == o.Name)
            : o.Is("", "Service") ? services.FirstOrDefault(s => Core.Json.Obj.Name(s) == o.Name)
            : o.Is("autoscaling", "HorizontalPodAutoscaler") ? autoscalers.FirstOrDefault(h => Core.Json.Obj.Name(h) == o.Name)
            : objects.GetValueOrDefault(o));
    }

    /// <summary>A cluster that does not serve the kind (e.g. no autoscaling API) has none of it.</summary>
    private static async Task<IReadOnlyList<JsonObject>> ListOrNoneAsync(StepContext ctx, KubeResource resource, CancellationToken ct)
    {
        try
        {
            return await ctx.Kube.ListItemsAsync(resource, ctx.Namespace, ct: ct);
        }
        catch (KubeApiException ex) when (ex.Status == System.Net.HttpStatusCode.NotFound)
        {
            return [];
        }
    }
}
