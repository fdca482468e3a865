using Graylane.Core.Model;
using Graylane.Core.Planning;
using Graylane.Engine.Records;
using Graylane.Engine.Workloads;
using Graylane.Kubernetes;

namespace Graylane.Engine.Routing;

/// <summary>
/// The stable Service's moves shared by the routers whose backends are Services (Gateway API, ingress-nginx): the gray pods
/// have a canary Service, and the stable Service is pinned to the baseline while the release runs. Promote moves the stable
/// Service to the new version (replace) or gives it the user's selector back (in place); rollback points it back at the
/// baseline, or, after an in-place promote, at the copy of the previous version. Every write goes through
/// <see cref="SelectorWriter"/>.
/// </summary>
public static class StableService
{
    /// <summary>
    /// A promote run again after it moved the stable Service to the new version: all traffic already reaches the new version,
    /// and sending it through the canary again would undo that.
    /// </summary>
    public static async Task<bool> AlreadyFrontsGrayAsync(StepContext ctx, ReleaseRecord record, string service, CancellationToken ct) =>
        await ctx.Kube.GetCachedAsync(KubeResource.Services, ctx.Namespace, service, ct) is { } stable
        && VersionSelectors.Selects(SelectorWriter.Selector(stable), VersionSelectors.Gray(record, record.Workloads.Single()));

    /// <summary>The stable Service's selector to the gray pods (ready), keeping the user's other keys.</summary>
    /// <param name="alsoMoves">What follows the Service, for the log line (e.g. " (and so Ingress web)").</param>
    public static async Task SwitchToGrayAsync(StepContext ctx, ReleaseSession session, string service, CancellationToken ct, string alsoMoves = "")
    {
        var record = session.Current;
        var w = record.Workloads.Single();
        var stable = await ctx.Kube.GetCachedAsync(KubeResource.Services, ctx.Namespace, service, ct)
            ?? throw new ReleaseConflictException($"Service {ctx.Namespace}/{service} no longer exists");
        var gray = VersionSelectors.Gray(record, w);
        if (VersionSelectors.Selects(SelectorWriter.Selector(stable), gray)) return;
        await WorkloadReadiness.EnsureReadyAsync(ctx, w.GrayWorkload, record.GrayVersion, ct);
        await SelectorWriter.PointAsync(ctx, session, stable, gray, VersionSelectors.Baseline(record, w), ct);
        ctx.Info($"Service {service}: selector {VersionSelectors.Format(gray)} — the stable Service{alsoMoves} now fronts the new version");
    }

    /// <summary>
    /// promote, before the old version is retired: in place, the stable Deployment runs the new version under its own name, so
    /// its Service takes the user's selector back; replace, the Service moves to the new version's pods.
    /// </summary>
    public static async Task FinishPromoteAsync(StepContext ctx, ReleaseSession session, string service, PromoteTarget target, CancellationToken ct, string alsoMoves = "")
    {
        if (target.Mode != PromoteMode.InPlace)
        {
            await SwitchToGrayAsync(ctx, session, service, ct, alsoMoves);
            return;
        }
        var selectorBack = await SelectorWriter.RestoreAsync(ctx, session, service, ct);
        var w = session.Current.Workloads.Single();
        ctx.Info(selectorBack ? $"Service {service}: selector back to the user's own, in front of {w.BaseName}" : $"Service {service}: selector already the user's own");
    }

    /// <summary>
    /// Rollback after an in-place promote is a reverse release whose "gray" is a copy of the previous version, which no canary
    /// Service selects: the stable Service takes the copy's pods (ready), whatever someone changed since. True when it wrote.
    /// </summary>
    public static async Task<bool> ToRollbackCopyAsync(StepContext ctx, ReleaseSession session, string service, CancellationToken ct)
    {
        var record = session.Current;
        var w = record.Workloads.Single();
        record.Ledger.AcceptDrift(); // rollback goes through whatever someone changed since
        var stable = await ctx.Kube.GetCachedAsync(KubeResource.Services, ctx.Namespace, service, ct)
            ?? throw new ReleaseConflictException($"Service {ctx.Namespace}/{service} no longer exists");
        var (copy, serving) = (VersionSelectors.Gray(record, w), VersionSelectors.Baseline(record, w));
        if (VersionSelectors.Selects(SelectorWriter.Selector(stable), copy)) return false;
        await WorkloadReadiness.EnsureReadyAsync(ctx, w.GrayWorkload, record.BaselineVersion, ct);
        var (_, wrote) = await SelectorWriter.PointAsync(ctx, session, stable, copy, serving, ct);
        ctx.Info($"Service {service}: selector {VersionSelectors.Format(copy)} — all traffic to {w.GrayWorkload}");
        return wrote;
    }

    /// <summary>Rollback: the stable Service back on the baseline's pods, whatever someone changed (outside the ledger: the snapshot restore follows).</summary>
    public static async Task BackToBaselineAsync(StepContext ctx, ReleaseSession session, CancellationToken ct)
    {
        var record = session.Current;
        var w = record.Workloads.Single();
        if (w.Service is not { } service || await ctx.Kube.GetCachedAsync(KubeResource.Services, ctx.Namespace, service, ct) is not { } live) return;
        if (VersionSelectors.Selects(SelectorWriter.Selector(live), VersionSelectors.Baseline(record, w))) return;
        await SelectorWriter.PointAsync(ctx, session, live, VersionSelectors.Baseline(record, w), VersionSelectors.Gray(record, w), ct, rollback: true);
    }
}
