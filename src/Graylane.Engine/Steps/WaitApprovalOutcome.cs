using Graylane.Approvals;
using Graylane.Approvals.Gates;
using Graylane.Core.Model;
using Graylane.Core.Validation;
using Graylane.Engine.Records;

namespace Graylane.Engine.Steps;

/// <summary>
/// Ends a checkpoint: the outcome in words on the request (then closed), in the release record and its
/// history, the outputs and summary, and — for a rejection or a timeout — the failure or the rollback asked for.
/// </summary>
internal static class WaitApprovalOutcome
{
    private const int MaxRecordedEvaluations = 100;

    public static async Task FinishAsync(StepContext ctx, ReleaseStore store, string app, ApprovalRecord approval, WaitApprovalResult result,
        GateBoard? board, IApprovalChannel? channel, CancellationToken ct)
    {
        var now = ctx.Time.GetUtcNow();
        // Read the record again: hours may have passed, and other steps may have written it meanwhile.
        await using var session = await store.OpenAsync(app, ct); // a rollback takes the lease: given back on every path
        var record = session.Record ?? throw new Core.Planning.ReleaseConflictException($"the release record of {app} disappeared while waiting for approval");
        var rollback = result.Decision switch
        {
            ApprovalDecision.Rejected => approval.OnReject == "rollback",
            ApprovalDecision.TimedOut => approval.OnTimeout == "rollback",
            _ => false,
        };
        approval.Decision = result.Decision;
        approval.DecidedAt = now;
        approval.ApprovedBy = [.. result.Tally.ApprovedBy];
        approval.RejectedBy = [.. result.Tally.DeniedBy];
        if (board is not null)
            approval.Gates = [.. board.Evaluations.TakeLast(MaxRecordedEvaluations)];
        approval.Outcome = Text(approval, record, result, board, rollback);
        ctx.Info(approval.Outcome);

        if (channel is not null && approval.Number is { } number)
        {
            try
            {
                await channel.CloseAsync(number, approval.Outcome, result.Decision == ApprovalDecision.Approved, ct);
            }
            catch (Exception ex) when (ex is ApprovalServiceException or InvalidInputException)
            {
                ctx.Warn($"could not comment the outcome on {approval.RequestUrl} and close it: {ex.Message}; the decision stands");
            }
        }

        var index = record.Approvals.FindIndex(a => a.Checkpoint == approval.Checkpoint && a.RequestedAt == approval.RequestedAt);
        if (index >= 0) record.Approvals[index] = approval;
        else record.Approvals.Add(approval);
        if (result.Decision != ApprovalDecision.Approved && !rollback)
            record.Reason = approval.Outcome;
        session.AddHistory(ctx.Step, ctx.Host.Identity, now, $"{result.Decision.OutputValue()}: {approval.Outcome}");
        await session.SaveAsync(ct);

        if (rollback)
            await RollbackStep.RollBackAsync(ctx, session, approval.Outcome, null, ct);
        await WaitApprovalReport.WriteAsync(ctx, session.Current, approval, ct);
        if (result.Decision == ApprovalDecision.Approved) return;
        throw new StepFailedException(rollback
            ? $"{approval.Outcome}"
            : $"{approval.Outcome} The release stays at {record.Phase}: run rollback, or wait-approval again to ask again.");
    }

    /// <summary>The outcome as commented on the request and kept in the record.</summary>
    public static string Text(ApprovalRecord a, ReleaseRecord r, WaitApprovalResult result, GateBoard? board, bool rollback)
    {
        var release = $"the release of {r.App} {r.GrayVersion}";
        var gates = board is null ? "" : $"metric gates passed ({string.Join(", ", board.Gates.Select(g => g.Name))}; {board.Evaluations.Count} evaluations)";
        var then = rollback ? $" {Capital(release)} is rolled back to {r.BaselineVersion}." : "";
        switch (result.Decision)
        {
            case ApprovalDecision.Approved:
                var people = a.Provider == WaitApprovalSettings.None ? ""
                    : $"Approved by {string.Join(", ", result.Tally.ApprovedBy)} ({result.Tally.ApprovedBy.Count} of {a.MinimumApprovals} needed)";
                var both = people.Length > 0 && gates.Length > 0 ? $"{people}; {gates}" : people.Length > 0 ? people : Capital(gates);
                return $"{both}. {Capital(release)} continues.";
            case ApprovalDecision.Rejected:
                var why = new[]
                {
                    result.Tally.DeniedBy.Count > 0 ? $"Denied by {string.Join(", ", result.Tally.DeniedBy)}." : null,
                    result.GateRejection is { } g ? $"Rejected: {g}." : null,
                }.OfType<string>();
                return $"{string.Join(" ", why)}{(rollback ? then : $" {Capital(release)} stops.")}";
            default:
                var after = Durations.Format(a.Deadline - a.RequestedAt);
                var count = a.Provider == WaitApprovalSettings.None
                    ? "the metric gates had not passed"
                    : $"{result.Tally.ApprovedBy.Count} of {a.MinimumApprovals} approvals" +
                      (result.Tally.ApprovedBy.Count > 0 ? $": {string.Join(", ", result.Tally.ApprovedBy)}" : "");
                return $"Timed out after {after} without a decision ({count}).{(rollback ? then : $" {Capital(release)} fails.")}";
        }
    }

    private static string Capital(string s) => s.Length == 0 ? s : char.ToUpperInvariant(s[0]) + s[1..];
}
