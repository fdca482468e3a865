using System.Text.Json.Nodes;
using Graylane.Core.Json;
using Graylane.Core.Manifests;
using Graylane.Core.Model;
using Graylane.Core.Planning;
using Graylane.Core.Validation;
using Graylane.Engine.Manifests;
using Graylane.Engine.Records;
using Graylane.Engine.Routing;
using Graylane.Engine.Workloads;
using Graylane.Kubernetes;

namespace Graylane.Engine.Steps;

/// <summary>
/// promote --promote-mode in-place: the stable Deployment keeps its name (the one in the manifests) and takes the new
/// template, so HPAs, PDBs, dashboards, GitOps re-applies and `kubectl rollout restart deploy/web` keep working. The order
/// keeps traffic on ready pods at every moment (docs/promote.md):
/// 1. all traffic to the gray (ready); the old version stays up for --scale-down-delay;
/// 2. the new config under its own names, then the stable takes the manifests' template — recreated when its selector
///    changes (selectors are immutable), with the stage recorded so a crash between delete and create is finished by the
///    re-run — and is waited for; the routing pins the gray's pods by their version label, so the stable's new pods get
///    no traffic yet;
/// 3. the router puts the routing back as the user had it (now in front of the updated stable);
/// 4. the rest of the manifests is applied (each snapshotted first), and the gray with its HPA and config copies goes.
/// Each stage is recorded before the step moves past it, and every write is skipped when already done.
/// </summary>
public static class InPlacePromote
{
    public static bool Available => true;

    /// <param name="stranded">Routes outside the release still on the old version (promote --move-routes): they follow the new version first.</param>
    public static async Task RunAsync(StepContext ctx, ReleaseSession session, ITrafficRouter router, IReadOnlyList<StrandedRoute> stranded,
        TimeSpan delay, TimeSpan timeout, CancellationToken ct)
    {
        var record = session.Current;
        var manifests = record.Manifests ?? throw new InvalidOperationException("an in-place promote needs the release's manifests");
        var wl = record.Workloads.Single();
        var target = new PromoteTarget(PromoteMode.InPlace);

        if (manifests.Stage < InPlaceStage.TrafficOnGray)
        {
            // The old version's pods go when the stable is updated: routes outside the release that still reach only them
            // (a Service or a mesh route to version v1) move to the new version first, as in a replace promote.
            if (stranded.Count > 0) await router.MoveStrandedRoutesAsync(ctx, session, stranded, ct);
            var all = record.Traffic.Copy();
            all.Weight = 100;
            await router.ShiftAsync(ctx, session, all, ct);
            record.Traffic = all;
            manifests.Stage = InPlaceStage.TrafficOnGray;
            await session.SaveAsync(ct);
            if (delay > TimeSpan.Zero)
            {
                ctx.Info($"Keeping the old version {record.BaselineVersion} up for {Durations.Format(delay)} so traffic can go back at once");
                await Task.Delay(delay, ctx.Time, ct);
            }
        }

        if (manifests.Stage < InPlaceStage.StableUpdated)
        {
            foreach (var desired in manifests.Desired.Where(d => IsConfig(d.Kind)))
                await ApplyDesiredAsync(ctx, session, desired, ct);
            await UpdateStableAsync(ctx, session, wl, ct);
            var result = await RolloutWaiter.WaitAsync(ctx, wl.BaseName, timeout, ct);
            if (!result.Ready)
                throw new StepFailedException($"Deployment {wl.BaseName} did not become ready with the new template: {result.Message}. {string.Join("; ", result.Reasons)} " +
                                              $"All traffic stays on the gray {wl.GrayWorkload}; run promote again, or roll back");
            manifests.Stage = InPlaceStage.StableUpdated;
            await session.SaveAsync(ct);
        }

        if (manifests.Stage < InPlaceStage.RoutingRestored)
        {
            await router.FinishPromoteAsync(ctx, session, PromoteStage.BeforeRetire, target, ct);
            manifests.Stage = InPlaceStage.RoutingRestored;
            await session.SaveAsync(ct);
        }

        // The rest of the manifests, now that routing is the user's again (a Service's selector is the manifests' from here on).
        foreach (var desired in manifests.Desired.Where(d => d.Kind != "Deployment" && !IsConfig(d.Kind)))
        {
            await ApplyDesiredAsync(ctx, session, desired, ct);
            if (desired.Kind == KubeResource.Services.Kind) record.Ledger.Forget(new ObjectKey(desired.Kind, ctx.Namespace, desired.Name)); // the manifests' now
        }
        await RetireGrayAsync(ctx, session, wl, manifests, ct);
        await router.FinishPromoteAsync(ctx, session, PromoteStage.AfterRetire, target, ct);
        await router.RemoveCreatedAsync(ctx, session, ct);
        record.Traffic = new TrafficState { Weight = 100 };
    }

    private static bool IsConfig(string kind) => kind is "ConfigMap" or "Secret";

    /// <summary>One object of the manifests made current under its own name, after a snapshot (a Secret's content comes from the vault).</summary>
    private static async Task ApplyDesiredAsync(StepContext ctx, ReleaseSession session, DesiredObject desired, CancellationToken ct)
    {
        var resource = KubeResource.ForKind(desired.ApiVersion, desired.Kind);
        var content = desired.Object
            ?? await new SecretVault(ctx.Kube, ctx.Namespace, session.App).ReadAsync(SecretVault.DesiredKey(desired.Name), ct)
            ?? throw new Core.Planning.ReleaseConflictException($"the content of Secret {desired.Name} is missing from Secret graylane-{session.App}-secrets; run deploy-gray again or roll back");
        var live = await ctx.Kube.GetAsync(resource, ctx.Namespace, desired.Name, ct);
        await ObjectSnapshots.TakeAsync(ctx, session, resource, desired.Name, live, ct);
        var (_, written) = await ManifestApplier.ApplyAsync(ctx, resource, content, ct);
        if (written) ctx.Info($"{(live is null ? "Created" : "Updated")} {desired.Kind} {desired.Name} as in the manifests");
    }

    /// <summary>The stable takes the manifests' Deployment; recreated (delete, then create) when its selector would change.</summary>
    private static async Task UpdateStableAsync(StepContext ctx, ReleaseSession session, WorkloadRelease wl, CancellationToken ct)
    {
        var record = session.Current;
        var manifests = record.Manifests!;
        var desired = manifests.Desired.FirstOrDefault(d => d.Kind == "Deployment" && d.Name == wl.BaseName)?.Object
            ?? throw new InvalidOperationException($"the release's manifests hold no Deployment {wl.BaseName}");
        var live = await ctx.Kube.GetAsync(KubeResource.Deployments, ctx.Namespace, wl.BaseName, ct);
        await session.SnapshotAsync(KubeResource.Deployments, wl.BaseName, live, ct);
        if (live is not null && AppliedObject.SelectorChanges(live, desired))
        {
            // Selectors are immutable: the stable is recreated while the gray serves all traffic. The stage is saved first,
            // so a crash between the delete and the create is finished by the re-run (which then finds no stable and creates it).
            manifests.Stage = InPlaceStage.StableRecreating;
            await session.SaveAsync(ct);
            await ObjectWriter.DeleteAsync(ctx.Kube, KubeResource.Deployments, ctx.Namespace, wl.BaseName, Obj.ResourceVersion(live), ct);
            ctx.Info($"Deployment {wl.BaseName}: its selector changes ({Selector(live)} -> {Selector(desired)}), so it is recreated while the gray serves all traffic");
            live = null;
        }
        // Replicas an HPA manages stay as the HPA set them (the count before the update), not the manifest's.
        var scalers = await Autoscaled.ScalersAsync(ctx, wl.BaseName, Autoscaled.InManifests(manifests), ct);
        int? replicas = scalers.Count > 0 && record.FindSnapshot(KubeResource.Deployments.Kind, wl.BaseName) is { Existed: true, Object: { } before }
            ? Obj.Int(before["spec"]?["replicas"]) : null;
        if (replicas is { } kept && kept != Obj.Int(desired["spec"]?["replicas"]))
            ctx.Info($"Deployment {wl.BaseName}: replicas stay {kept}, as HorizontalPodAutoscaler {string.Join(", ", scalers)} set them (the manifests say {Obj.Int(desired["spec"]?["replicas"])?.ToString() ?? "none"})");
        // Config changed under its own name: the stable's pods must restart to read it, even if the template is the same.
        var configHash = ConfigVersioning.ConfigHash(manifests.ConfigCopies.Where(c => c.ReadAs != c.Name).Select(c => (c.Kind, c.Name, c.Hash)));
        var (_, written) = await ManifestApplier.ApplyAsync(ctx, KubeResource.Deployments, desired, ct, o =>
        {
            if (replicas is { } n) o = AppliedObject.WithReplicas(o, n);
            return configHash is null ? o : ConfigVersioning.WithConfigHash(o, configHash);
        });
        ctx.Info(written
            ? $"Deployment {wl.BaseName} {(live is null ? "created" : "updated")} with the manifests' template; it keeps its name"
            : $"Deployment {wl.BaseName} already runs the manifests' template");
    }

    private static string Selector(JsonObject deployment) => LabelSelectors.Format(deployment["spec"]?["selector"]);

    /// <summary>What existed only for the gray goes: its Deployment, its HPA copies, the config copies it read; and an old baseline of another name.</summary>
    private static async Task RetireGrayAsync(StepContext ctx, ReleaseSession session, WorkloadRelease wl, ManifestRelease manifests, CancellationToken ct)
    {
        var gone = new List<(KubeResource, string)> { (KubeResource.Deployments, wl.GrayWorkload) };
        gone.AddRange(manifests.AutoscalerCopies.Select(n => (KubeResource.HorizontalPodAutoscalers, n)));
        gone.AddRange(manifests.ConfigCopies.Where(c => c.Created && c.ReadAs != c.Name)
            .Select(c => (c.Kind == "Secret" ? KubeResource.Secrets : KubeResource.ConfigMaps, c.ReadAs)));
        if (wl.BaselineWorkload != wl.BaseName)
        {
            var old = await ctx.Kube.GetAsync(KubeResource.Deployments, ctx.Namespace, wl.BaselineWorkload, ct);
            if (old is not null) await session.SnapshotAsync(KubeResource.Deployments, wl.BaselineWorkload, old, ct);
            gone.Add((KubeResource.Deployments, wl.BaselineWorkload));
        }
        foreach (var (resource, name) in gone)
            if (await ObjectWriter.DeleteAsync(ctx.Kube, resource, ctx.Namespace, name, null, ct))
                ctx.Info($"Deleted {resource.Kind} {name}");
    }
}
