using Graylane.Core.Json;
using Graylane.Core.Model;
using Graylane.Core.Planning;
using Graylane.Core.Planning.Istio;
using Graylane.Core.Validation;
using Graylane.Engine.Records;
using Graylane.Engine.Workloads;
using Graylane.Kubernetes;

namespace Graylane.Engine.Routing.Service;

/// <summary>
/// Blue-green through a plain Kubernetes Service: the selector points at one version's pods, so all traffic moves at
/// once (0 or 100). Only the version's selector keys are ever changed (see <see cref="SelectorWriter"/>).
/// </summary>
public sealed class ServiceSelectorRouter : ITrafficRouter
{
    public RouterKind Kind => RouterKind.Service;

    public RouterCapabilities Capabilities { get; } = new()
    {
        PromoteModes = new HashSet<PromoteMode> { PromoteMode.Replace, PromoteMode.InPlace },
        Limits = new Dictionary<RouterFeature, string>
        {
            [RouterFeature.PartialWeights] = "a Service selector sends all traffic to one version, so use 0 or 100",
            [RouterFeature.Match] = "a Service selector cannot route by header, cookie or query",
            [RouterFeature.Mirror] = "a Service selector cannot copy traffic",
            [RouterFeature.SetHeader] = "a Service selector cannot change requests",
        },
    };

    public void Validate(TrafficState wanted) => CapabilityCheck.Check(Kind, Capabilities, wanted, RouterRegistry.Capabilities);

    /// <summary>When the Service selector would also match the gray pods, pin it to the baseline version first.</summary>
    public async Task PrepareAsync(StepContext ctx, ReleaseSession session, PrepareRequest request, CancellationToken ct)
    {
        foreach (var w in session.Current.Workloads.Where(w => w.Service is not null))
            await SelectorWriter.PinToBaselineAsync(ctx, session, w, w.Service!, request.GrayPodLabels, ct);
    }

    public async Task<bool> ShiftAsync(StepContext ctx, ReleaseSession session, TrafficState wanted, CancellationToken ct)
    {
        Validate(wanted);
        var record = session.Current;
        var toGray = wanted.Weight == 100;
        var wrote = false;
        foreach (var w in record.Workloads)
        {
            if (w.Service is null)
                throw new ReleaseConflictException(
                    $"the release of {record.App} has no Service in front of {w.BaselineWorkload}; give --service to deploy-gray so the service router can switch it");
            var (target, version) = toGray ? (w.GrayWorkload, record.GrayVersion) : (w.BaselineWorkload, record.BaselineVersion);
            var (to, from) = toGray
                ? (VersionSelectors.Gray(record, w), VersionSelectors.Baseline(record, w))
                : (VersionSelectors.Baseline(record, w), VersionSelectors.Gray(record, w));
            var live = await ctx.Kube.GetCachedAsync(KubeResource.Services, ctx.Namespace, w.Service, ct)
                ?? throw new ReleaseConflictException($"Service {ctx.Namespace}/{w.Service} of the release of {record.App} no longer exists");
            if (VersionSelectors.Selects(SelectorWriter.Selector(live), to))
            {
                ManagedWrites.RefuseWriteInFlight(ctx, record, new ObjectKey(KubeResource.Services.Kind, ctx.Namespace, w.Service), SelectorWriter.Managed(live));
                ctx.Info($"Service {w.Service} already sends all traffic to {version} ({target})");
                continue;
            }
            var (after, written) = await SelectorWriter.PointAsync(ctx, session, live, to, from, ct);
            if (!VersionSelectors.Selects(SelectorWriter.Selector(after), to))
                throw new InvalidOperationException($"Service {w.Service}: selector still reads {Obj.Format(SelectorWriter.Selector(after))} after the write");
            ctx.Info($"Service {w.Service}: selector {VersionSelectors.Format(to)} — all traffic to {target}");
            wrote |= written;
        }
        return wrote;
    }

    public async Task<TrafficSplit> ReadAsync(StepContext ctx, ReleaseRecord record, CancellationToken ct)
    {
        var shares = new List<VersionShare>();
        var notes = new List<string>();
        var drift = new List<DriftFinding>();
        var unlanded = new List<ObjectKey>();
        foreach (var w in record.Workloads)
        {
            var service = w.Service is null ? null : await ctx.Kube.GetCachedAsync(KubeResource.Services, ctx.Namespace, w.Service, ct);
            var selector = service is null ? [] : SelectorWriter.Selector(service);
            var toBaseline = VersionSelectors.Selects(selector, VersionSelectors.Baseline(record, w));
            var toGray = VersionSelectors.Selects(selector, VersionSelectors.Gray(record, w));
            var name = w.Service ?? w.BaselineWorkload;
            if (service is not null && !toBaseline && !toGray && record.Manifests is not null && record.Phase is ReleasePhase.Promoted or ReleasePhase.RolledBack)
            {
                // A release from manifests ends with the user's own selector in front of the stable, which runs the promoted
                // version (in place, or a first release) or, after a rollback, the baseline again.
                var promoted = record.Phase == ReleasePhase.Promoted;
                shares.Add(new VersionShare(name, record.BaselineVersion, w.BaselineWorkload, "baseline", promoted ? 0 : 100));
                shares.Add(new VersionShare(name, record.GrayVersion, promoted ? w.BaseName : w.GrayWorkload, promoted ? "stable" : "gray", promoted ? 100 : 0));
                continue;
            }
            if (service is null) notes.Add($"no Service in front of {w.BaselineWorkload}");
            else if (!toBaseline && !toGray)
                notes.Add($"Service {w.Service} selects {Obj.Format(selector)}, which picks neither {record.BaselineVersion} nor {record.GrayVersion} alone");
            if (w.Service is not null && record.Ledger.Drift(new ObjectKey(KubeResource.Services.Kind, ctx.Namespace, w.Service), service is null ? null : SelectorWriter.Managed(service)) is { } d)
                drift.Add(d);
            if (w.Service is not null && service is not null
                && record.Ledger.Unlanded(new ObjectKey(KubeResource.Services.Kind, ctx.Namespace, w.Service), SelectorWriter.Managed(service)))
                unlanded.Add(new ObjectKey(KubeResource.Services.Kind, ctx.Namespace, w.Service));
            shares.Add(new VersionShare(name, record.BaselineVersion, w.BaselineWorkload, "baseline", toBaseline ? 100 : 0));
            shares.Add(new VersionShare(name, record.GrayVersion, w.GrayWorkload, "gray", toGray ? 100 : 0));
        }
        return new TrafficSplit(shares, notes) { Drift = drift, Unlanded = unlanded };
    }

    public void AcceptDrift(ReleaseRecord record) => record.Ledger.AcceptDrift();

    /// <summary>
    /// The selector goes back to the baseline's pods (whatever someone changed since); the snapshot restore puts the
    /// user's own selector back once the gray pods are gone (an app: web selector would select them too).
    /// </summary>
    public async Task SendTrafficBackAsync(StepContext ctx, ReleaseSession session, CancellationToken ct)
    {
        var record = session.Current;
        AcceptDrift(record);
        foreach (var w in record.Workloads.Where(w => w.Service is not null))
        {
            if (await ctx.Kube.GetCachedAsync(KubeResource.Services, ctx.Namespace, w.Service!, ct) is not { } live) continue;
            var (baseline, gray) = (VersionSelectors.Baseline(record, w), VersionSelectors.Gray(record, w));
            if (VersionSelectors.Selects(SelectorWriter.Selector(live), baseline) || !VersionSelectors.Selects(SelectorWriter.Selector(live), gray)) continue;
            await SelectorWriter.PointAsync(ctx, session, live, baseline, gray, ct, rollback: true);
            ctx.Info($"Service {w.Service}: selector {VersionSelectors.Format(baseline)} — traffic back to {w.BaselineWorkload}");
        }
    }

    /// <summary>
    /// Replace: promote's shift to 100 already pointed the selector at the new version; nothing is left to move. In place:
    /// once the stable runs the new version (before the gray is retired), each Service's selector goes back to the user's
    /// own, which selects the stable's pods again — the routing as it was before the release, with the gray's pods beside
    /// them until they go.
    /// </summary>
    public async Task FinishPromoteAsync(StepContext ctx, ReleaseSession session, PromoteStage stage, PromoteTarget target, CancellationToken ct)
    {
        if (target.Mode != PromoteMode.InPlace || stage != PromoteStage.BeforeRetire) return;
        foreach (var w in session.Current.Workloads.Where(w => w.Service is not null))
        {
            var written = await SelectorWriter.RestoreAsync(ctx, session, w.Service!, ct);
            ctx.Info(written ? $"Service {w.Service}: selector back to the user's own, in front of {w.BaseName}" : $"Service {w.Service}: selector already the user's own");
        }
    }

    public Task<IReadOnlyList<StrandedRoute>> FindStrandedRoutesAsync(StepContext ctx, ReleaseRecord record, CancellationToken ct) =>
        StrandedRoutes.FindAsync(ctx, record, StrandedRoutes.NoRoutes, ct);

    public Task MoveStrandedRoutesAsync(StepContext ctx, ReleaseSession session, IReadOnlyList<StrandedRoute> routes, CancellationToken ct) =>
        StrandedRoutes.MoveAsync(ctx, session, routes, ct);

    public Task RemoveCreatedAsync(StepContext ctx, ReleaseSession session, CancellationToken ct) => Task.CompletedTask;
}
