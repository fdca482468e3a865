using System.Text.Json.Nodes;
using Graylane.Core.Json;
using Graylane.Core.Manifests;
using Graylane.Kubernetes;

namespace Graylane.Engine.Manifests;

/// <summary>
/// Replicas a HorizontalPodAutoscaler manages are the HPA's: when promote or rollback writes the stable Deployment, it
/// keeps the count the HPA set instead of the manifest's or the snapshot's, which would scale the stable down under load.
/// </summary>
public static class Autoscaled
{
    /// <summary>The names of the HPAs (live, or in the manifests promote applies) that scale the Deployment.</summary>
    public static async Task<IReadOnlyList<string>> ScalersAsync(StepContext ctx, string deployment, IEnumerable<JsonObject> manifestHpas, CancellationToken ct)
    {
        IReadOnlyList<JsonObject> live;
        try
        {
            live = await ctx.Kube.ListItemsAsync(KubeResource.HorizontalPodAutoscalers, ctx.Namespace, ct: ct);
        }
        catch (KubeApiException ex) when (ex.Status == System.Net.HttpStatusCode.NotFound)
        {
            live = []; // the cluster serves no autoscaling API
        }
        return HpaCopies.Targeting(live.Concat(manifestHpas), deployment).Select(Obj.Name).Distinct().ToList();
    }

    public static IEnumerable<JsonObject> InManifests(Core.Model.ManifestRelease manifests) =>
        manifests.Desired.Where(d => d.Kind == KubeResource.HorizontalPodAutoscalers.Kind).Select(d => d.Object).OfType<JsonObject>();
}
