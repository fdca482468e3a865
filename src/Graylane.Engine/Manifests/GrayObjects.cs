using System.Text.Json.Nodes;
using Graylane.Core.Json;
using Graylane.Core.Manifests;
using Graylane.Core.Planning;
using Graylane.Engine.Records;
using Graylane.Engine.Workloads;
using Graylane.Kubernetes;

namespace Graylane.Engine.Manifests;

/// <summary>
/// The objects deploy-gray creates for the gray: its Deployment, the HPA copies and the config copies. Each is recorded as
/// "did not exist" before it is created (so rollback deletes it), and one found from an earlier run of the same release
/// is brought up to date; one of that name that is not the release's is refused.
/// </summary>
public static class GrayObjects
{
    public static async Task CreateConfigCopiesAsync(StepContext ctx, ReleaseSession session, IReadOnlyList<ConfigChange> configs, string app, string version, CancellationToken ct)
    {
        var objects = configs.Where(c => c.Action != ConfigAction.Unchanged)
            .Select(c => c.Action == ConfigAction.Copy ? ConfigVersioning.CopyObject(c, app, version, ctx.Namespace) : Owned(c.Manifest.Object, app, version, ctx.Namespace))
            .ToList();
        foreach (var (c, o) in configs.Where(c => c.Action != ConfigAction.Unchanged).Zip(objects))
            await CreateAsync(ctx, session, c.IsSecret ? KubeResource.Secrets : KubeResource.ConfigMaps, [o], ct);
    }

    /// <summary>A config object new under its own name: the manifest's, marked as the release's (promote keeps it, rollback deletes it).</summary>
    private static JsonObject Owned(JsonObject manifest, string app, string version, string ns)
    {
        var o = LastApplied.Annotated(manifest, ns);
        Obj.SetAnnotation(o, GrayDeploymentPlanner.AppAnnotation, app);
        Obj.SetAnnotation(o, GrayDeploymentPlanner.VersionAnnotation, version);
        return o;
    }

    public static async Task CreateAsync(StepContext ctx, ReleaseSession session, KubeResource resource, IEnumerable<JsonObject> objects, CancellationToken ct)
    {
        var record = session.Current;
        foreach (var wanted in objects)
        {
            var name = Obj.Name(wanted);
            var live = await ctx.Kube.GetAsync(resource, ctx.Namespace, name, ct);
            if (live is null)
            {
                await session.SnapshotAsync(resource, name, null, ct);
                await ObjectWriter.CreateAsync(ctx.Kube, resource, ctx.Namespace, wanted, ct);
                ctx.Info($"Created {resource.Kind} {name}");
                continue;
            }
            if (Obj.Annotation(live, GrayDeploymentPlanner.AppAnnotation) != record.App || Obj.Annotation(live, GrayDeploymentPlanner.VersionAnnotation) != record.GrayVersion)
                throw new Core.Validation.InvalidInputException("version",
                    $"{resource.Kind} {name} already exists and was not created by this release; choose another --version");
            if (record.FindSnapshot(resource.Kind, name) is null)
                await session.SnapshotAsync(resource, name, null, ct); // ours, from a run that crashed before saving
            var autoscaled = resource.Kind == KubeResource.Deployments.Kind && record.Manifests is { AutoscalerCopies.Count: > 0 };
            var (_, written) = await ObjectWriter.UpdateAsync(ctx.Kube, resource, ctx.Namespace, name, o =>
            {
                var replicas = o["spec"]?["replicas"]?.DeepClone();
                foreach (var (k, v) in wanted)
                    if (k is not ("metadata" or "status")) o[k] = v?.DeepClone();
                if (autoscaled && replicas is not null) Obj.Child(o, "spec")["replicas"] = replicas; // the HPA copy scales it now
                Obj.Metadata(o)["labels"] = wanted["metadata"]?["labels"]?.DeepClone();
                Obj.Metadata(o)["annotations"] = wanted["metadata"]?["annotations"]?.DeepClone();
            }, ct);
            ctx.Info(written ? $"{resource.Kind} {name} existed from an earlier run; brought it up to date" : $"{resource.Kind} {name} already in place");
        }
    }
}
