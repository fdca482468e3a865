using Graylane.Core.Json;
using Graylane.Core.Manifests;
using Graylane.Core.Model;
using Graylane.Engine.Records;
using Graylane.Engine.Routing;
using Graylane.Engine.Steps;
using Graylane.Engine.Workloads;
using Graylane.Kubernetes;

namespace Graylane.Engine.Manifests;

/// <summary>
/// The manifests name Deployments that do not run yet: nothing to compare with and no traffic to shift, so they are applied
/// as the baseline (each object snapshotted first, so a rollback removes them again) and waited for. The record says
/// Promoted: shift-traffic and promote then have nothing to do and say so.
/// </summary>
public static class FirstRelease
{
    public static async Task RunAsync(StepContext ctx, ReleaseSession session, ManifestSet set, ManifestPlan plan, string app,
        string versionLabel, string version, ITrafficRouter router, TimeSpan timeout, CancellationToken ct)
    {
        await session.LockAsync(ctx, ct);
        var existing = session.Record;
        if (existing is null || existing.Phase != ReleasePhase.Deploying || existing.Manifests?.FirstRelease != true)
        {
            session.Begin(new ReleaseRecord
            {
                App = app,
                Namespace = ctx.Namespace,
                Router = router.Kind,
                Phase = ReleasePhase.Deploying,
                VersionLabel = versionLabel,
                BaselineVersion = version,
                GrayVersion = version,
                StartedBy = ctx.Host.Identity.ToString(),
                StartedAt = ctx.Time.GetUtcNow(),
                Workloads = plan.Deployments.Select(d => new WorkloadRelease { Service = d.Service, BaselineWorkload = d.Name, BaseName = d.Name }).ToList(),
                Manifests = new ManifestRelease
                {
                    Sources = set.Objects.Select(o => o.Source.FileName).Distinct().ToList(),
                    InPlace = true,
                    FirstRelease = true,
                    Desired = ManifestDeployGray.Desired(set),
                },
            }, ctx.Time.GetUtcNow());
            session.AddHistory("deploy-gray", ctx.Host.Identity, ctx.Time.GetUtcNow(), $"first release of {version} from manifests");
            await session.SaveAsync(ct);
        }
        var record = session.Current;
        ctx.Info($"First release of {app}: nothing runs yet, so the manifests are applied as the baseline");
        foreach (var o in ApplyOrder(set))
        {
            var resource = await ManifestResources.ResolveAsync(ctx, o, ct);
            var live = await ctx.Kube.GetAsync(resource, ctx.Namespace, o.Name, ct);
            await ObjectSnapshots.TakeAsync(ctx, session, resource, o.Name, live, ct);
            var (_, written) = await ManifestApplier.ApplyAsync(ctx, resource, o.Object, ct);
            ctx.Info(written ? $"{(live is null ? "Created" : "Updated")} {o.Title}" : $"{o.Title} already as in the manifests");
        }
        foreach (var d in plan.Deployments)
        {
            var result = await RolloutWaiter.WaitAsync(ctx, d.Name, timeout, ct);
            if (result.Ready) continue;
            foreach (var reason in result.Reasons) ctx.Host.Error($"[deploy-gray] {reason}");
            record.Phase = ReleasePhase.Failed;
            record.Reason = $"first release {version}: Deployment {d.Name} not ready: {result.Message}";
            session.AddHistory("deploy-gray", ctx.Host.Identity, ctx.Time.GetUtcNow(), record.Reason);
            await session.SaveAsync(ct);
            throw new StepFailedException($"Deployment {d.Name} ({version}) did not become ready: {result.Message}. {string.Join("; ", result.Reasons)} " +
                                          "(the applied objects stay for inspection; graylane rollback removes them)");
        }
        record.Phase = ReleasePhase.Promoted;
        record.PromotedFrom = "";
        record.Traffic = new TrafficState { Weight = 100 };
        session.AddHistory("deploy-gray", ctx.Host.Identity, ctx.Time.GetUtcNow(), $"first release: {version} is the baseline, nothing to shift");
        await session.SaveAsync(ct);
        ctx.Info($"first release: {version} is the baseline, nothing to shift");
        ctx.Host.SetOutput("app", app);
        ctx.Host.SetOutput("version", version);
        ctx.Host.SetOutput("gray-workload", "");
        ctx.Host.SetOutput("baseline-workload", string.Join(",", plan.Deployments.Select(d => d.Name)));
        ctx.Host.SetOutput("baseline-version", version);
        ctx.Host.SetOutput("phase", record.Phase.ToString());
        ctx.Host.AppendSummary($"### Graylane deploy-gray: {app} — first release\n\n{version} is the baseline, nothing to shift: " +
                               $"{string.Join(", ", set.Objects.Select(o => $"{o.Title}"))} applied from {string.Join(", ", record.Manifests!.Sources)}.\n");
    }

    /// <summary>What pods read first (config, accounts, volumes), then the workloads, then what points at them (Services, HPAs, PDBs, Ingresses).</summary>
    public static IEnumerable<ManifestObject> ApplyOrder(ManifestSet set) => set.Objects.OrderBy(o => o switch
    {
        { IsDeployment: true } => 1,
        _ when o.Kind is "Service" or "HorizontalPodAutoscaler" or "PodDisruptionBudget" or "Ingress" or "NetworkPolicy"
            or "VirtualService" or "DestinationRule" or "Gateway" => 2,
        _ when o.Group.Length > 0 && ManifestKinds.Find(o.Group, o.Kind) is null => 2, // custom resources usually route to or watch workloads
        _ => 0,
    });
}
