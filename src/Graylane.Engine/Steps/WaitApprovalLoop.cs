using Graylane.Approvals;
using Graylane.Approvals.Gates;
using Graylane.Core.Model;

namespace Graylane.Engine.Steps;

/// <summary>
/// The waiting: reads the comments every poll interval and evaluates the gates every gate interval, sleeping
/// on the step's clock (ctx.Time) until whichever is due next or the deadline. Decides as soon as it can:
/// a deny or a rejecting gate rejects; enough approvals and passed gates approve; the deadline times out.
/// </summary>
internal static class WaitApprovalLoop
{
    public static async Task<WaitApprovalResult> RunAsync(StepContext ctx, ApprovalRecord approval, IApprovalChannel? channel,
        GateBoard? board, TimeSpan poll, TimeSpan gateInterval, CancellationToken ct)
    {
        var tally = new ApprovalTally(channel is null ? ApprovalDecision.Approved : ApprovalDecision.Pending, [], []);
        var now = ctx.Time.GetUtcNow();
        var nextPoll = now;
        // The board's first evaluation ran before the request was opened (it checks Prometheus can be reached).
        var nextGate = board is null ? DateTimeOffset.MaxValue : now + gateInterval;
        while (true)
        {
            now = ctx.Time.GetUtcNow();
            if (channel is not null && now >= nextPoll)
            {
                tally = await PollAsync(ctx, approval, channel, tally, ct);
                nextPoll = ctx.Time.GetUtcNow() + poll;
            }
            if (board is not null && now >= nextGate)
            {
                await board.EvaluateAsync(now, first: false, ct);
                nextGate = now + gateInterval;
            }
            var gates = board?.Status ?? GateStatus.Passed;
            if (tally.Decision == ApprovalDecision.Rejected || gates == GateStatus.Rejected)
                return new WaitApprovalResult(ApprovalDecision.Rejected, tally, board?.RejectedWhy);
            if (tally.Decision == ApprovalDecision.Approved && gates == GateStatus.Passed)
                return new WaitApprovalResult(ApprovalDecision.Approved, tally, null);
            now = ctx.Time.GetUtcNow();
            if (now >= approval.Deadline)
                return new WaitApprovalResult(ApprovalDecision.TimedOut, tally, null);
            var wake = approval.Deadline;
            if (channel is not null && nextPoll < wake) wake = nextPoll;
            if (board is not null && nextGate < wake) wake = nextGate;
            if (wake > now) await Task.Delay(wake - now, ctx.Time, ct);
        }
    }

    /// <summary>One look at the comments; a passing outage is logged and the previous tally kept.</summary>
    public static async Task<ApprovalTally> PollAsync(StepContext ctx, ApprovalRecord approval, IApprovalChannel channel, ApprovalTally previous, CancellationToken ct)
    {
        IReadOnlyList<ApprovalComment> comments;
        try
        {
            comments = await channel.ReadCommentsAsync(approval.Number!.Value, ct);
        }
        catch (ApprovalServiceException ex) when (ex.Transient)
        {
            ctx.Warn($"{ex.Message}; asking again at the next poll");
            return previous;
        }
        var words = new ApprovalWords(approval.ApproveWords, approval.DenyWords);
        var tally = CommentEvaluator.Evaluate(approval.Eligible, approval.MinimumApprovals, words, comments);
        foreach (var who in tally.ApprovedBy.Except(previous.ApprovedBy))
            ctx.Info($"{who} approved ({tally.ApprovedBy.Count} of {approval.MinimumApprovals} needed)");
        foreach (var who in tally.DeniedBy.Except(previous.DeniedBy))
            ctx.Info($"{who} denied");
        return tally;
    }
}
