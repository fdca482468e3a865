using System.Text.Json.Nodes;
using Graylane.Core.Json;
using Graylane.Core.Manifests;
using Graylane.Core.Model;
using Graylane.Core.Planning;
using Graylane.Engine.Manifests;
using Graylane.Engine.Records;
using Graylane.Engine.Routing;
using Graylane.Engine.Workloads;
using Graylane.Kubernetes;

namespace Graylane.Engine.Steps;

/// <summary>
/// Rollback after an in-place promote changed the stable: the old version's pods are gone, and restoring the stable's
/// template under a Service that selects it would send traffic to old pods as they start, next to new ones. So rollback
/// is a reverse release (docs/promote.md): a temporary copy of the previous template, reading the previous config, is
/// started and waited for; all traffic goes to it; the config and the stable are restored (recreated if the selector
/// changed) and waited for; the routing goes back as it was before the release; then the copies go. Traffic is only ever
/// on ready pods, and every stage is recorded before the step moves past it.
/// </summary>
public static class InPlaceRollback
{
    /// <summary>The label that tells the copy's pods apart from the stable's (same template otherwise).</summary>
    public const string CopyLabel = "graylane.io/rollback";

    /// <summary>True when the in-place promote has changed the stable, so the previous version's pods no longer run.</summary>
    public static bool Needed(ReleaseRecord record) =>
        record.Manifests is { InPlace: true, FirstRelease: false } m && record.Workloads.Count == 1
        && (record.Workloads[0].BaselineWorkload == record.Workloads[0].BaseName
            ? m.Stage >= InPlaceStage.StableRecreating
            : m.Stage >= InPlaceStage.RoutingRestored); // another name: the old baseline runs until promote retires it

    public static async Task RunAsync(StepContext ctx, ReleaseSession session, ITrafficRouter router, TimeSpan timeout, CancellationToken ct)
    {
        var record = session.Current;
        var manifests = record.Manifests!;
        var wl = record.Workloads.Single();
        var previous = record.FindSnapshot(KubeResource.Deployments.Kind, wl.BaselineWorkload) is { Existed: true, Object: { } o } ? o
            : throw new ReleaseConflictException($"the release of {record.App} holds no snapshot of Deployment {wl.BaselineWorkload}; it cannot be restored");
        var copyName = GrayDeploymentPlanner.GrayName(wl.BaseName, "rollback");

        if (manifests.RollbackStage < InPlaceRollbackStage.CopyReady)
        {
            var copy = await CopyOfPreviousAsync(ctx, session, previous, copyName, ct);
            await GrayObjects.CreateAsync(ctx, session, KubeResource.Deployments, [copy], ct);
            var result = await RolloutWaiter.WaitAsync(ctx, copyName, timeout, ct);
            if (!result.Ready)
                throw new StepFailedException($"the copy {copyName} of the previous version did not become ready: {result.Message}. {string.Join("; ", result.Reasons)} Traffic was left where it is");
            manifests.RollbackStage = InPlaceRollbackStage.CopyReady;
            await session.SaveAsync(ct);
        }

        if (manifests.RollbackStage < InPlaceRollbackStage.TrafficOnCopy)
        {
            // A reverse release through the same router: the version serving now (the gray's selector) is its baseline,
            // the copy its gray; the shift checks the copy is ready and moves all traffic to it.
            if (wl.GrayWorkload != copyName)
            {
                wl.BaselineSelector = new Dictionary<string, string>(await ServingNowAsync(ctx, record, wl, ct), StringComparer.Ordinal);
                wl.GrayWorkload = copyName;
                wl.GraySelector = new Dictionary<string, string>(StringComparer.Ordinal) { [CopyLabel] = CopyValue(record) };
            }
            await router.ShiftAsync(ctx, session, new TrafficState { Weight = 100 }, ct);
            manifests.RollbackStage = InPlaceRollbackStage.TrafficOnCopy;
            await session.SaveAsync(ct);
            ctx.Info($"All traffic on {copyName} (the previous version) while {wl.BaseName} is restored");
        }

        if (manifests.RollbackStage < InPlaceRollbackStage.StableRestored)
        {
            foreach (var s in record.Snapshots.Where(s => s.Existed && s.Kind == KubeResource.ConfigMaps.Kind))
                if (await ObjectWriter.RestoreAsync(ctx.Kube, KubeResource.ConfigMaps, ctx.Namespace, s.Object!, ct))
                    ctx.Info($"Restored ConfigMap {s.Name} as it was before the release");
            await ObjectSnapshots.RestoreSecretsAsync(ctx, record, ct);
            await RestoreStableAsync(ctx, record, wl, ct);
            foreach (var s in record.Snapshots.Where(s => s.Existed && s.Kind == KubeResource.Deployments.Kind && s.Name != copyName
                                                         && (Obj.Int(s.Object!["spec"]?["replicas"]) ?? 1) > 0))
            {
                var result = await RolloutWaiter.WaitAsync(ctx, s.Name, timeout, ct);
                if (!result.Ready)
                    throw new StepFailedException($"Deployment {s.Name} did not become ready with its previous template ({result.Message}); traffic stays on {copyName}. {string.Join("; ", result.Reasons)}");
            }
            manifests.RollbackStage = InPlaceRollbackStage.StableRestored;
            await session.SaveAsync(ct);
        }

        // The routing as it was (it now selects the restored stable and the copy, both the previous version), the other
        // objects promote applied, and only then the objects the release created: the copy, the gray and their copies.
        foreach (var s in record.Snapshots.Where(s => s.Existed && s.Kind == KubeResource.Services.Kind))
        {
            if (await ObjectWriter.RestoreAsync(ctx.Kube, Resource(s), ctx.Namespace, s.Object!, ct))
                ctx.Info($"Restored Service {s.Name} as it was before the release");
            record.Ledger.Forget(new ObjectKey(KubeResource.Services.Kind, ctx.Namespace, s.Name)); // the user's again
        }
        // Routes before what they name (a VirtualService's route to the copy's subset goes before the subset does).
        foreach (var s in record.Snapshots.Where(s => s.Existed && s.Kind is not ("Service" or "Deployment" or "ConfigMap")).OrderBy(s => s.Kind == KubeResource.DestinationRules.Kind))
            if (await ObjectWriter.RestoreAsync(ctx.Kube, Resource(s), s.Namespace ?? ctx.Namespace, s.Object!, ct))
                ctx.Info($"Restored {s.Kind} {s.Name} as it was before the release");
        foreach (var s in record.Snapshots.Where(s => !s.Existed).Reverse().OrderBy(s => s.Kind == KubeResource.Deployments.Kind))
            if (await ObjectWriter.DeleteAsync(ctx.Kube, Resource(s), s.Namespace ?? ctx.Namespace, s.Name, null, ct))
                ctx.Info($"Deleted {s.Kind} {s.Name}, created by the release");

        // The record describes the release again (the reverse release borrowed the gray's place for the copy).
        wl.GrayWorkload = GrayDeploymentPlanner.GrayName(wl.BaseName, record.GrayVersion);
        wl.GraySelector = new Dictionary<string, string>(StringComparer.Ordinal) { [record.VersionLabel] = record.GrayVersion };
        var labelled = BaselinePods.ByVersionLabel(previous, record.VersionLabel) is not null;
        wl.BaselineSelector = new Dictionary<string, string>(StringComparer.Ordinal)
        {
            [labelled ? record.VersionLabel : BaselinePods.TemplateHashLabel] = record.BaselineVersion,
        };
    }

    /// <summary>
    /// The labels that select the pods serving now, the reverse release's baseline: the gray's while the in-place promote
    /// had all traffic on it; once the routing was given back, the stable's new pods — by the version label of its template,
    /// or by its ReplicaSet's pod-template-hash when it carries none (a router that selects pods, such as Istio's subsets,
    /// must find ready pods there until the copy takes the traffic).
    /// </summary>
    private static async Task<IReadOnlyDictionary<string, string>> ServingNowAsync(StepContext ctx, ReleaseRecord record, WorkloadRelease wl, CancellationToken ct)
    {
        if (record.Manifests!.Stage < InPlaceStage.RoutingRestored
            || await ctx.Kube.GetAsync(KubeResource.Deployments, ctx.Namespace, wl.BaseName, ct) is not { } stable)
            return VersionSelectors.Gray(record, wl);
        if (BaselinePods.ByVersionLabel(stable, record.VersionLabel) is { } labelled) return labelled.Selector;
        var matchLabels = Obj.StringMap(stable["spec"]?["selector"]?["matchLabels"]);
        var replicaSets = await ctx.Kube.ListItemsAsync(KubeResource.ReplicaSets, ctx.Namespace,
            matchLabels.Count == 0 ? null : string.Join(",", matchLabels.Select(kv => $"{kv.Key}={kv.Value}")), ct: ct);
        return BaselinePods.ByTemplateHash(stable, replicaSets, record.VersionLabel).Selector;
    }

    private static string CopyValue(ReleaseRecord record) => GrayDeploymentPlanner.NameSuffix(record.GrayVersion);

    /// <summary>
    /// The previous template under another name, its pods labelled apart, reading the previous config: each ConfigMap or
    /// Secret the release changed gets a &lt;name&gt;-rollback copy of its snapshot (the originals still hold the new content).
    /// </summary>
    private static async Task<JsonObject> CopyOfPreviousAsync(StepContext ctx, ReleaseSession session, JsonObject previous, string copyName, CancellationToken ct)
    {
        var record = session.Current;
        var copy = ServerFields.Strip(previous);
        var meta = Obj.Metadata(copy);
        meta["name"] = copyName;
        if (meta["annotations"] is JsonObject ann) ann.Remove(LastApplied.Annotation);
        Obj.SetAnnotation(copy, GrayDeploymentPlanner.AppAnnotation, record.App);
        Obj.SetAnnotation(copy, GrayDeploymentPlanner.VersionAnnotation, record.GrayVersion);
        var spec = Obj.Child(copy, "spec");
        if ((Obj.Int(spec["replicas"]) ?? 1) < 1) spec["replicas"] = 1;
        Obj.Child(Obj.Child(spec, "selector"), "matchLabels")[CopyLabel] = CopyValue(record);
        var template = Obj.Child(spec, "template");
        Obj.Child(Obj.Child(template, "metadata"), "labels")[CopyLabel] = CopyValue(record);
        var podSpec = Obj.Child(template, "spec");
        var renames = new Dictionary<(string Kind, string Name), string>();
        foreach (var (kind, name) in ConfigReferences.Find(podSpec))
        {
            var saved = kind == ConfigReferences.Secret
                ? record.Manifests!.SecretSnapshots.Any(s => s.Name == name && s.Existed)
                    ? await new SecretVault(ctx.Kube, ctx.Namespace, record.App).ReadAsync(SecretVault.SnapshotKey(name), ct)
                    : null
                : record.FindSnapshot(kind, name) is { Existed: true, Object: { } cm } ? cm : null;
            if (saved is null) continue; // the release did not change it: the copy reads it as it is
            var live = await ctx.Kube.GetAsync(kind == ConfigReferences.Secret ? KubeResource.Secrets : KubeResource.ConfigMaps, ctx.Namespace, name, ct);
            if (live is not null && ConfigData.Same(live, saved)) continue; // same content as before (e.g. only kubectl's annotation was added)
            var configCopy = ServerFields.Strip(saved);
            var copyMeta = Obj.Metadata(configCopy);
            copyMeta["name"] = GrayDeploymentPlanner.GrayName(name, "rollback");
            if (copyMeta["annotations"] is JsonObject a) a.Remove(LastApplied.Annotation);
            Obj.SetAnnotation(configCopy, GrayDeploymentPlanner.AppAnnotation, record.App);
            Obj.SetAnnotation(configCopy, GrayDeploymentPlanner.VersionAnnotation, record.GrayVersion);
            await GrayObjects.CreateAsync(ctx, session, kind == ConfigReferences.Secret ? KubeResource.Secrets : KubeResource.ConfigMaps, [configCopy], ct);
            renames[(kind, name)] = Obj.Name(configCopy);
        }
        ConfigReferences.Rename(podSpec, renames);
        return copy;
    }

    /// <summary>The stable as it was: restored in place, or recreated when the promote changed its (immutable) selector.</summary>
    private static async Task RestoreStableAsync(StepContext ctx, ReleaseRecord record, WorkloadRelease wl, CancellationToken ct)
    {
        // A stable of another name than the old baseline was created by promote: it goes (traffic is on the copy).
        if (wl.BaseName != wl.BaselineWorkload && record.FindSnapshot(KubeResource.Deployments.Kind, wl.BaseName) is { Existed: false })
            if (await ObjectWriter.DeleteAsync(ctx.Kube, KubeResource.Deployments, ctx.Namespace, wl.BaseName, null, ct))
                ctx.Info($"Deleted Deployment {wl.BaseName}, created by the promote");
        foreach (var s in record.Snapshots.Where(s => s.Existed && s.Kind == KubeResource.Deployments.Kind && s.Name != GrayDeploymentPlanner.GrayName(wl.BaseName, "rollback")))
        {
            var live = await ctx.Kube.GetAsync(KubeResource.Deployments, ctx.Namespace, s.Name, ct);
            var saved = s.Object!;
            if (live is not null && AppliedObject.SelectorChanges(live, saved))
            {
                await ObjectWriter.DeleteAsync(ctx.Kube, KubeResource.Deployments, ctx.Namespace, s.Name, Obj.ResourceVersion(live), ct);
                ctx.Info($"Deployment {s.Name}: its selector was changed by the promote, so it is recreated while {wl.GrayWorkload} serves");
            }
            else if (live is not null && Obj.Int(live["spec"]?["replicas"]) is { } now
                     && (await Autoscaled.ScalersAsync(ctx, s.Name, [], ct)).Count > 0)
                saved = AppliedObject.WithReplicas(saved, now); // an HPA manages them: its count stays
            if (await ObjectWriter.RestoreAsync(ctx.Kube, KubeResource.Deployments, ctx.Namespace, saved, ct))
                ctx.Info($"Restored Deployment {s.Name} as it was before the release");
        }
    }

    private static KubeResource Resource(ObjectSnapshot s) => KubeResource.ForKind(s.ApiVersion, s.Kind);
}
