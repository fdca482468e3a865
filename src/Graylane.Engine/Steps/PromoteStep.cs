using Graylane.Core.Json;
using Graylane.Core.Model;
using Graylane.Core.Planning;
using Graylane.Core.Validation;
using Graylane.Engine.Records;
using Graylane.Engine.Reporting;
using Graylane.Engine.Routing;
using Graylane.Engine.Workloads;
using Graylane.Kubernetes;

namespace Graylane.Engine.Steps;

/// <summary>
/// promote: all traffic to the gray version, which becomes the baseline; the old version is kept warm for
/// --scale-down-delay, then scaled to 0 (or deleted with --delete-old). Its spec is in the record, so
/// rollback can bring it back even after this.
/// </summary>
public static class PromoteStep
{
    public static StepDefinition Definition { get; } = new("promote",
        "Make the gray version the baseline: all traffic to it, then scale down or delete the old version.",
        [
            .. CommonInputs.Connection,
            CommonInputs.App,
            CommonInputs.LockWait,
            new("scale-down-delay", "How long the old version stays up (taking no traffic) before it is scaled down, e.g. 30s or 10m.", Default: "0"),
            new("delete-old", "Delete the old Deployment instead of scaling it to 0.", IsSwitch: true),
            new("move-routes", "Routes outside the release that still send traffic to the old version (another Service selecting only its pods, an Ingress on such a Service, a VirtualService route to its subset) are moved to the new version, every other field kept. Without it promote refuses and names them.", IsSwitch: true),
            CommonInputs.Timeout,
        ],
        [("version", "The version now serving all traffic."), ("previous-version", "The version it replaced."), ("phase", "The release phase.")],
        RunAsync);

    private static async Task RunAsync(StepContext ctx, StepInputs inputs, string app, CancellationToken ct)
    {
        var delay = inputs.Duration("scale-down-delay");
        var deleteOld = inputs.Flag("delete-old");
        var moveRoutes = inputs.Flag("move-routes");
        var timeout = inputs.Duration("timeout");

        using var group = ctx.Host.Group($"promote: {app}");
        await using var session = await new ReleaseStore(ctx.Kube, ctx.Namespace).OpenAsync(app, ct);
        var record = ReleaseRules.EnsureCanPromote(session.Record, app);
        var router = RouterRegistry.Create(record.Router);
        if (record.Phase == ReleasePhase.Promoted)
        {
            ctx.Info(record.Manifests?.FirstRelease == true
                ? $"first release: {record.GrayVersion} is the baseline of {app}, nothing to promote"
                : $"{record.Describe()}: already promoted; nothing to do");
            await FinishAsync(ctx, record, router, ct);
            return;
        }
        // Before anything is written: no route may be left on a version with no pods (a chaos-test route naming subset v1,
        // a second Service selecting version: v1). Move them with --move-routes, or the user changes them first.
        var stranded = record.Workloads.Any(w => w.GrayCreated) ? await router.FindStrandedRoutesAsync(ctx, record, ct) : [];
        if (stranded.Count > 0 && (!moveRoutes || stranded.Any(r => r.Move is null)))
            throw new StepFailedException(StrandedRoutes.Refusal(record, stranded));
        // promote holds the Lease even without a scale-down delay: it retires the old version in several writes, and a
        // rollback started meanwhile (rollback may rescue a promote left halfway) must wait for it rather than race it.
        await session.LockAsync(ctx, ct);
        var manifestInPlace = record.Manifests is { InPlace: true, FirstRelease: false };
        var inPlace = record.Workloads.Any(w => !w.GrayCreated);
        var replaced = manifestInPlace ? new List<WorkloadRelease>() : record.Workloads.Where(w => w.GrayCreated).ToList();
        // All traffic goes to the new version only if it is ready; the old ones are read now so their snapshots go into
        // the intent below, saved before anything changes.
        foreach (var wl in replaced)
        {
            await WorkloadReadiness.EnsureReadyAsync(ctx, wl.GrayWorkload, record.GrayVersion, ct);
            if (wl.BaselineWorkload.Length > 0
                && await ctx.Kube.GetCachedAsync(KubeResource.Deployments, ctx.Namespace, wl.BaselineWorkload, ct) is { } old)
                session.Snapshot(KubeResource.Deployments, wl.BaselineWorkload, old);
        }
        if (record.Phase != ReleasePhase.Promoting)
        {
            record.Phase = ReleasePhase.Promoting;
            session.AddHistory("promote", ctx.Host.Identity, ctx.Time.GetUtcNow(), $"promoting {record.GrayVersion}");
        }
        if (replaced.Count > 0)
        {
            var all = record.Traffic.Copy();
            all.Weight = 100;
            record.Traffic = all;
        }
        // Not saved yet: the first write below saves the record first (the router's intent, or the save before the old
        // workloads are retired), so phase, traffic and snapshots always precede the change they describe.

        if (manifestInPlace)
        {
            await session.SaveIfChangedAsync(ct); // Promoting, before the in-place promote changes anything
            await InPlacePromote.RunAsync(ctx, session, router, stranded, delay, timeout, ct);
            var stable = record.Workloads.Single();
            record.PromotedFrom = record.BaselineVersion;
            record.Phase = ReleasePhase.Promoted;
            session.AddHistory("promote", ctx.Host.Identity, ctx.Time.GetUtcNow(),
                $"{record.GrayVersion} runs in {stable.BaseName} (in place, same name); gray {stable.GrayWorkload} removed");
            await session.SaveAsync(ct);
            ctx.Info($"Promoted {record.GrayVersion}: Deployment {stable.BaseName} runs it under its own name");
            await FinishAsync(ctx, record, router, ct);
            return;
        }
        if (inPlace) await session.SaveIfChangedAsync(ct);
        foreach (var wl in record.Workloads)
        {
            if (wl.GrayCreated)
                continue;
            // An in-place gray (scenario S1) is promoted by giving the baseline the gray's images.
            await PromoteInPlaceAsync(ctx, session, wl, timeout, ct);
        }
        var retired = "updated in place";
        if (replaced.Count > 0)
        {
            // The new version is ready: routes outside the release follow it first (as found, so a change since is a
            // conflict, not an overwrite), then all traffic moves, and only then the old version goes.
            if (stranded.Count > 0) await router.MoveStrandedRoutesAsync(ctx, session, stranded, ct);
            await router.ShiftAsync(ctx, session, record.Traffic, ct);
            if (delay > TimeSpan.Zero)
            {
                await session.SaveIfChangedAsync(ct); // while it waits, the record says a promote is under way
                ctx.Info($"Keeping the old version {record.BaselineVersion} up for {Durations.Format(delay)} so traffic can go back at once");
                await Task.Delay(delay, ctx.Time, ct);
            }
            // Each router acts at the stage its routing needs (lanes switch the baselines before the old Deployments go;
            // Istio points the route at the new version alone after); what it created for the release goes last.
            var target = PromoteTarget.Replace;
            var delete = deleteOld || router.Capabilities.DeletesRetiredWorkloads;
            await router.FinishPromoteAsync(ctx, session, PromoteStage.BeforeRetire, target, ct);
            await session.SaveIfChangedAsync(ct);
            foreach (var wl in record.Workloads.Where(w => w.GrayCreated))
                await RetireAsync(ctx, session, wl.BaselineWorkload, delete, ct);
            await router.FinishPromoteAsync(ctx, session, PromoteStage.AfterRetire, target, ct);
            await router.RemoveCreatedAsync(ctx, session, ct);
            record.Traffic = new TrafficState { Weight = 100 };
            retired = delete ? "deleted" : "scaled to 0";
        }

        record.PromotedFrom = record.BaselineVersion;
        record.Phase = ReleasePhase.Promoted;
        var services = record.Workloads.Select(w => w.Service).OfType<string>().ToList();
        session.AddHistory("promote", ctx.Host.Identity, ctx.Time.GetUtcNow(),
            $"{record.GrayVersion} is the baseline{(services.Count > 0 ? $" of {string.Join(", ", services)}" : "")}; " +
            $"{string.Join(", ", record.Workloads.Select(w => w.BaselineWorkload).Where(n => n.Length > 0))} ({record.BaselineVersion}) {retired}");
        await session.SaveAsync(ct);
        ctx.Info($"Promoted {record.GrayVersion}: it is now the baseline of {app}");
        await FinishAsync(ctx, record, router, ct);
    }

    private static async Task RetireAsync(StepContext ctx, ReleaseSession session, string workload, bool delete, CancellationToken ct)
    {
        var live = await ctx.Kube.GetCachedAsync(KubeResource.Deployments, ctx.Namespace, workload, ct);
        if (live is null)
        {
            ctx.Info($"Old Deployment {workload} is already gone");
            return;
        }
        await session.SnapshotAsync(KubeResource.Deployments, workload, live, ct);
        if (delete)
        {
            await ObjectWriter.DeleteAsync(ctx.Kube, KubeResource.Deployments, ctx.Namespace, workload, Obj.ResourceVersion(live), ct);
            ctx.Info($"Deleted old Deployment {workload}");
            return;
        }
        var (_, written) = await ObjectWriter.UpdateAsync(ctx.Kube, KubeResource.Deployments, ctx.Namespace, workload,
            d => Obj.Child(d, "spec")["replicas"] = 0, ct);
        ctx.Info(written ? $"Scaled old Deployment {workload} to 0" : $"Old Deployment {workload} is already scaled to 0");
    }

    private static async Task PromoteInPlaceAsync(StepContext ctx, ReleaseSession session, WorkloadRelease wl, TimeSpan timeout, CancellationToken ct)
    {
        if (wl.BaselineWorkload.Length == 0)
            throw new ReleaseConflictException(
                $"the gray Deployment {wl.GrayWorkload} was updated in place without a baseline; give --workload <baseline> to deploy-gray so promote knows which Deployment to update");
        var live = await ctx.Kube.GetCachedAsync(KubeResource.Deployments, ctx.Namespace, wl.BaselineWorkload, ct)
            ?? throw new ReleaseConflictException($"baseline Deployment {wl.BaselineWorkload} no longer exists");
        await session.SnapshotAsync(KubeResource.Deployments, wl.BaselineWorkload, live, ct);
        var (_, written) = await ObjectWriter.UpdateAsync(ctx.Kube, KubeResource.Deployments, ctx.Namespace, wl.BaselineWorkload,
            d => GrayDeploymentPlanner.ApplyImages(wl.BaselineWorkload, Obj.Child(Obj.Child(Obj.Child(d, "spec"), "template"), "spec"),
                GrayDeploymentPlanner.ImagesForBaseline(live, wl.Images)), ct);
        ctx.Info(written ? $"Updated baseline {wl.BaselineWorkload} to the gray images" : $"Baseline {wl.BaselineWorkload} already runs the gray images");
        var result = await RolloutWaiter.WaitAsync(ctx, wl.BaselineWorkload, timeout, ct);
        if (!result.Ready)
            throw new StepFailedException($"baseline {wl.BaselineWorkload} did not become ready with the new images: {result.Message}. {string.Join("; ", result.Reasons)}");
    }

    private static async Task FinishAsync(StepContext ctx, ReleaseRecord record, ITrafficRouter router, CancellationToken ct)
    {
        ctx.Host.SetOutput("version", record.GrayVersion);
        ctx.Host.SetOutput("previous-version", record.BaselineVersion);
        ctx.Host.SetOutput("phase", record.Phase.ToString());
        await ReleaseReport.WriteAsync(ctx, record, router, $"{record.GrayVersion} promoted", ct);
    }
}
