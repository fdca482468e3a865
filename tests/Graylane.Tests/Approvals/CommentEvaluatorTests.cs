using Graylane.Approvals;
using Graylane.Core.Model;

namespace Graylane.Tests.Approvals;

/// <summary>The approval rules as one pure function: eligibility, distinct people, words, deny wins.</summary>
public class CommentEvaluatorTests
{
    private static readonly DateTimeOffset T0 = new(2026, 3, 1, 9, 0, 0, TimeSpan.Zero);
    private static readonly ApprovalWords Words = ApprovalWords.Parse("approve-words", null, "deny-words", null);

    private static ApprovalComment C(string who, string text, int minute) => new(who, [who], text, T0.AddMinutes(minute));

    [Fact]
    public void The_minimum_counts_distinct_people_not_comments()
    {
        var tally = CommentEvaluator.Evaluate(["alice", "bob"], 2, Words, [C("alice", "approve", 1), C("ALICE", "lgtm", 2)]);
        Assert.Equal(ApprovalDecision.Pending, tally.Decision);
        Assert.Equal(["alice"], tally.ApprovedBy);

        tally = CommentEvaluator.Evaluate(["alice", "bob"], 2, Words, [C("alice", "approve", 1), C("bob", "Approved!", 2)]);
        Assert.Equal(ApprovalDecision.Approved, tally.Decision);
        Assert.Equal(["alice", "bob"], tally.ApprovedBy);
    }

    [Fact]
    public void People_who_are_not_eligible_are_ignored()
    {
        var tally = CommentEvaluator.Evaluate(["alice"], 1, Words, [C("mallory", "approve", 1), C("carol", "deny", 2)]);
        Assert.Equal(ApprovalDecision.Pending, tally.Decision);
        Assert.Empty(tally.ApprovedBy);
        Assert.Empty(tally.DeniedBy);
    }

    [Fact]
    public void One_deny_rejects_whatever_the_approvals()
    {
        var tally = CommentEvaluator.Evaluate(["alice", "bob", "dave"], 2, Words,
            [C("alice", "approve", 1), C("dave", "approve", 2), C("bob", "Rejected - p99 doubled", 3)]);
        Assert.Equal(ApprovalDecision.Rejected, tally.Decision);
        Assert.Equal(["bob"], tally.DeniedBy);
    }

    [Fact]
    public void An_author_is_recognised_by_any_of_their_names()
    {
        var comment = new ApprovalComment("bob@contoso.com", ["bob@contoso.com", "Bob Builder"], "approve", T0);
        Assert.Equal(ApprovalDecision.Approved, CommentEvaluator.Evaluate(["bob builder"], 1, Words, [comment]).Decision);
    }

    [Theory]
    [InlineData("approve", CommentVerdict.Approve)]
    [InlineData("  LGTM.  ", CommentVerdict.Approve)]
    [InlineData("Approved — dashboards are green\nthanks", CommentVerdict.Approve)]
    [InlineData("\n\nDeny", CommentVerdict.Deny)]
    [InlineData("denied: see the error rate", CommentVerdict.Deny)]
    [InlineData("I'd approve once the error rate is down", CommentVerdict.None)]
    [InlineData("approvers, please look", CommentVerdict.None)]
    [InlineData("", CommentVerdict.None)]
    public void Words_count_on_the_first_line_only(string text, CommentVerdict expected) => Assert.Equal(expected, Words.Classify(text));

    [Fact]
    public void Words_are_configurable()
    {
        var words = ApprovalWords.Parse("approve-words", "ship it, 通过", "deny-words", "stop");
        Assert.Equal(CommentVerdict.Approve, words.Classify("Ship it"));
        Assert.Equal(CommentVerdict.Approve, words.Classify("通过"));
        Assert.Equal(CommentVerdict.Deny, words.Classify("STOP"));
        Assert.Equal(CommentVerdict.None, words.Classify("approve"));
    }
}
