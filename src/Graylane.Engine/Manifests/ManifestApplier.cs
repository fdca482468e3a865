using System.Text.Json.Nodes;
using Graylane.Core.Json;
using Graylane.Core.Manifests;
using Graylane.Engine.Workloads;
using Graylane.Kubernetes;

namespace Graylane.Engine.Manifests;

/// <summary>
/// Makes a manifest's object current under its own name, as `kubectl apply` would leave it (three-way merge, the
/// last-applied annotation written exactly as kubectl writes it, so a later kubectl apply of the same manifests finds
/// nothing to change). The caller snapshots the object first. Writes are guarded by resourceVersion and retried on 409.
/// </summary>
public static class ManifestApplier
{
    private const int Attempts = 5;

    /// <param name="adjust">Changes to the object written that are not the manifest's (replicas an HPA manages, the stable's
    /// config fingerprint): applied after the merge, kept out of the last-applied annotation, so a later kubectl apply of the
    /// same manifests leaves them alone.</param>
    /// <returns>The object after the write (or as it was), and whether anything was written.</returns>
    public static async Task<(JsonObject After, bool Written)> ApplyAsync(StepContext ctx, KubeResource resource, JsonObject manifest, CancellationToken ct,
        Func<JsonObject, JsonObject>? adjust = null)
    {
        adjust ??= o => o;
        var wanted = LastApplied.Annotated(manifest, resource.Namespaced ? ctx.Namespace : null);
        var name = Obj.Name(wanted);
        for (var attempt = 1; ; attempt++)
        {
            var live = await ctx.Kube.GetCachedAsync(resource, ctx.Namespace, name, ct);
            try
            {
                if (live is null) return (await ObjectWriter.CreateAsync(ctx.Kube, resource, ctx.Namespace, adjust(wanted), ct), true);
                var merged = adjust(AppliedObject.Merge(live, wanted));
                if (AppliedObject.Unchanged(live, merged)) return (live, false);
                return (await ctx.Kube.ReplaceAsync(resource, ctx.Namespace, merged, ct), true);
            }
            catch (KubeApiException ex) when ((ex.IsConflict || ex.IsAlreadyExists) && attempt < Attempts)
            {
                // Someone wrote in between (or the create landed before a dropped answer): merge again from their version.
            }
            catch (HttpRequestException) when (attempt < Attempts)
            {
            }
        }
    }
}
