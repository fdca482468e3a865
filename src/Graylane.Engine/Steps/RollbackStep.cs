using Graylane.Core.Model;
using Graylane.Core.Planning;
using Graylane.Engine.Records;
using Graylane.Engine.Reporting;
using Graylane.Engine.Routing;
using Graylane.Engine.Workloads;

namespace Graylane.Engine.Steps;

/// <summary>
/// rollback: puts every object the release changed back as it was — at any point, also after promote.
/// The old workload is restored and ready before traffic returns to it; the gray workload goes last.
/// </summary>
public static class RollbackStep
{
    public static StepDefinition Definition { get; } = new("rollback",
        "Put traffic and workloads back exactly as they were before the release (also after promote).",
        [
            .. CommonInputs.Connection,
            CommonInputs.App,
            CommonInputs.LockWait,
            new("reason", "Why the release is rolled back (kept in the release record)."),
            CommonInputs.Timeout,
        ],
        [("version", "The version serving traffic after the rollback."), ("phase", "The release phase.")],
        RunAsync);

    private static async Task RunAsync(StepContext ctx, StepInputs inputs, string app, CancellationToken ct)
    {
        var reason = inputs.Get("reason") ?? "rolled back";
        if (reason.Length > 500 || reason.Any(char.IsControl))
            throw new Core.Validation.InvalidInputException("reason",
                $"--reason \"{Core.Validation.KubeNames.Printable(reason)}\" must be one line of at most 500 characters");
        var timeout = inputs.Duration("timeout");
        using var group = ctx.Host.Group($"rollback: {app}");
        await using var session = await new ReleaseStore(ctx.Kube, ctx.Namespace).OpenAsync(app, ct);
        var record = ReleaseRules.EnsureCanRollBack(session.Record, app);
        var router = RouterRegistry.Create(record.Router);
        if (record.Phase == ReleasePhase.RolledBack)
        {
            ctx.Info($"{record.Describe()}: already rolled back; nothing to do");
            await FinishAsync(ctx, record, router, ct);
            return;
        }
        await RollBackAsync(ctx, session, reason, timeout, ct);
        await FinishAsync(ctx, record, router, ct);
    }

    /// <summary>
    /// Restores the state before the release and records each phase change (RollingBack, then RolledBack) under
    /// the calling step's name. Shared by rollback and by wait-approval's --on-reject/--on-timeout rollback.
    /// </summary>
    public static async Task RollBackAsync(StepContext ctx, ReleaseSession session, string reason, TimeSpan? timeout, CancellationToken ct)
    {
        var record = session.Current;
        var router = RouterRegistry.Create(record.Router);
        await session.LockAsync(ctx, ct);
        if (record.Phase != ReleasePhase.RollingBack)
        {
            ctx.Info($"Rolling back {record.Describe()}: {reason}");
            record.Phase = ReleasePhase.RollingBack;
            record.Reason = reason;
            session.AddHistory(ctx.Step, ctx.Host.Identity, ctx.Time.GetUtcNow(), $"rolling back: {reason}");
            await session.SaveAsync(ct);
        }
        // A shift-traffic (no Lease) that saved its intent before RollingBack may still be writing: it must not land after us.
        await RollbackFence.RaiseAsync(ctx, record, ct);
        // Once the old workloads are ready again the router sends traffic back (whatever someone changed since), then the
        // snapshots put every object back exactly, and the gray workloads go last.
        if (InPlaceRollback.Needed(record))
            await InPlaceRollback.RunAsync(ctx, session, router, timeout ?? TimeSpan.FromMinutes(10), ct); // the stable changed: a reverse release
        else
            await SnapshotRestorer.RestoreAllAsync(ctx, record, ct, timeout, () => router.SendTrafficBackAsync(ctx, session, ct));
        await Manifests.ObjectSnapshots.RestoreSecretsAsync(ctx, record, ct);
        record.Phase = ReleasePhase.RolledBack;
        record.Traffic.Weight = 0;
        // Every object is back as its snapshot was (or gone, if the release created it): none of Graylane's writes remains
        // for status to compare with, so a removed VirtualService is not reported as deleted behind Graylane's back.
        record.Ledger.Objects.Clear();
        session.AddHistory(ctx.Step, ctx.Host.Identity, ctx.Time.GetUtcNow(), $"restored the state before {record.GrayVersion}");
        await session.SaveAsync(ct);
        ctx.Info($"Rolled back: {record.BaselineVersion} serves {record.App} again, as before the release");
    }

    private static async Task FinishAsync(StepContext ctx, ReleaseRecord record, ITrafficRouter router, CancellationToken ct)
    {
        ctx.Host.SetOutput("version", record.BaselineVersion);
        ctx.Host.SetOutput("phase", record.Phase.ToString());
        await ReleaseReport.WriteAsync(ctx, record, router, $"rolled back to {record.BaselineVersion}", ct);
    }
}
