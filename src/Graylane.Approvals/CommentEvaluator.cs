using Graylane.Core.Model;

namespace Graylane.Approvals;

/// <summary>
/// The approval rules, in one pure function used by both the waiting step and --resume: only eligible people
/// count (teams already expanded, the initiator already removed when excluded), each person once, and one
/// deny from an eligible person rejects whatever the number of approvals.
/// </summary>
public static class CommentEvaluator
{
    public static ApprovalTally Evaluate(IReadOnlyList<string> eligible, int minimumApprovals, ApprovalWords words, IEnumerable<ApprovalComment> comments)
    {
        var approved = new List<string>();
        var denied = new List<string>();
        foreach (var comment in comments.OrderBy(c => c.CreatedAt))
        {
            var who = eligible.FirstOrDefault(e => comment.Names.Any(n => string.Equals(n, e, StringComparison.OrdinalIgnoreCase)));
            if (who is null) continue;
            var list = words.Classify(comment.Text) switch
            {
                CommentVerdict.Approve => approved,
                CommentVerdict.Deny => denied,
                _ => null,
            };
            if (list is not null && !list.Contains(who)) list.Add(who);
        }
        var decision = denied.Count > 0 ? ApprovalDecision.Rejected
            : approved.Count >= minimumApprovals ? ApprovalDecision.Approved
            : ApprovalDecision.Pending;
        return new ApprovalTally(decision, approved, denied);
    }
}
