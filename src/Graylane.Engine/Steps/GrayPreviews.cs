using System.Text.Json.Nodes;
using Graylane.Core.Json;
using Graylane.Core.Planning.Replicas;
using Graylane.Core.Validation;
using Graylane.Engine.Records;
using Graylane.Engine.Workloads;
using Graylane.Kubernetes;

namespace Graylane.Engine.Steps;

/// <summary>
/// deploy-gray's preview (see <see cref="Routing.GrayStart"/>): created after a snapshot saying it did not exist (so a
/// failed deploy-gray and rollback remove it), brought up to date when an earlier run left it, deleted once it proved the
/// gray's pod template ready.
/// </summary>
public static class GrayPreviews
{
    public static async Task CreateAsync(StepContext ctx, ReleaseSession session, JsonObject preview, CancellationToken ct)
    {
        var name = Obj.Name(preview);
        var live = await ctx.Kube.GetAsync(KubeResource.Deployments, ctx.Namespace, name, ct);
        if (live is not null && Obj.Labels(live).GetValueOrDefault(GrayPreview.Label) != Obj.Labels(preview).GetValueOrDefault(GrayPreview.Label))
            throw new InvalidInputException("version", $"Deployment {name} already exists and is not the preview of this release; choose another --version or remove it");
        if (session.Current.FindSnapshot(KubeResource.Deployments.Kind, name) is null)
            await session.SnapshotAsync(KubeResource.Deployments, name, null, ct);
        if (live is null)
        {
            await ObjectWriter.CreateAsync(ctx.Kube, KubeResource.Deployments, ctx.Namespace, preview, ct);
            ctx.Info($"Created preview Deployment {name}: the gray's pod template on one pod without {Withheld(preview)}, so Service traffic never reaches it");
            return;
        }
        var (_, written) = await ObjectWriter.UpdateAsync(ctx.Kube, KubeResource.Deployments, ctx.Namespace, name, d => d["spec"] = preview["spec"]!.DeepClone(), ct, live);
        ctx.Info(written ? $"Preview Deployment {name} existed from an earlier run; brought it up to date" : $"Preview Deployment {name} already in place");
    }

    public static async Task RemoveAsync(StepContext ctx, JsonObject preview, CancellationToken ct)
    {
        if (await ObjectWriter.DeleteAsync(ctx.Kube, KubeResource.Deployments, ctx.Namespace, Obj.Name(preview), null, ct))
            ctx.Info($"Preview Deployment {Obj.Name(preview)} proved the gray's pod template ready; removed");
    }

    /// <summary>"app" — the labels of the gray's pods the preview's pods lack, for the log.</summary>
    private static string Withheld(JsonObject preview) =>
        Obj.Annotation(preview, GrayPreview.WithheldAnnotation) is { Length: > 0 } keys ? $"the label{(keys.Contains(',') ? "s" : "")} {keys}" : "the Service's labels";
}
