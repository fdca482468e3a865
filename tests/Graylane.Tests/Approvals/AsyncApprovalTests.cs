using Graylane.Core.Model;
using Graylane.Tests.Approvals.Support;

namespace Graylane.Tests.Approvals;

/// <summary>--mode async: ask and end (no runner held), then --resume runs — as an issue_comment workflow would — decide.</summary>
public class AsyncApprovalTests
{
    [Fact]
    public async Task Async_request_records_a_pending_approval_and_resume_finishes_it_once_decided()
    {
        await using var s = await ApprovalScenario.StartAsync();
        await using var gh = await FakeGitHub.StartAsync(s.Clock);
        gh.Script("bob", "approve", TimeSpan.FromHours(3));
        gh.Script("alice", "approve", TimeSpan.FromHours(9));

        var (code, host) = await s.RunAsync("carol", GitHubApprovalTests.GitHub(gh, ("approvers", "alice,bob"), ("minimum-approvals", "2"),
            ("mode", "async"), ("timeout", "24h"), ("exclude-initiator", "true")));
        Assert.True(code == 0, host.Log);
        Assert.Equal("pending", host.Outputs["decision"]);
        Assert.Equal("https://github.example/shop/web/issues/1", host.Outputs["request-url"]);
        Assert.Equal(TimeSpan.Zero, s.Clock.Elapsed);
        var pending = Assert.Single(s.Record().Approvals);
        Assert.Equal(ApprovalDecision.Pending, pending.Decision);
        Assert.Equal("async", pending.Mode);
        Assert.Equal(s.Clock.Start + TimeSpan.FromHours(24), pending.Deadline);

        // A comment 3 hours later triggers the resume workflow (its actor is the commenter): one of two approvals.
        s.Clock.Advance(TimeSpan.FromHours(3));
        (code, host) = await s.RunAsync("bob", GitHubApprovalTests.GitHub(gh, ("resume", "true"), ("issue", "1")));
        Assert.True(code == 0, host.Log);
        Assert.Equal("pending", host.Outputs["decision"]);
        Assert.Contains("Still waiting: 1 of 2 approvals (bob)", host.Log);
        Assert.Equal("open", gh.Issues[0].State);

        // The second approval: the rules stored at request time apply (2 of alice, bob; carol excluded).
        s.Clock.Advance(TimeSpan.FromHours(6));
        (code, host) = await s.RunAsync("alice", GitHubApprovalTests.GitHub(gh, ("resume", "true"), ("issue", "1")));
        Assert.True(code == 0, host.Log);
        Assert.Equal("approved", host.Outputs["decision"]);
        Assert.Equal("bob,alice", host.Outputs["approved-by"]);
        Assert.Equal("closed", gh.Issues[0].State);
        Assert.Contains("Approved by bob, alice (2 of 2 needed)", Assert.Single(gh.Issues[0].BotComments));
        Assert.Equal(ApprovalDecision.Approved, Assert.Single(s.Record().Approvals).Decision);

        // Another comment later runs resume again: already decided, nothing written or posted.
        var requests = gh.Requests.Count;
        (code, host) = await s.RunAsync("dave", GitHubApprovalTests.GitHub(gh, ("resume", "true"), ("issue", "1")));
        Assert.True(code == 0, host.Log);
        Assert.Equal("approved", host.Outputs["decision"]);
        Assert.Equal(requests, gh.Requests.Count);
        Assert.Single(gh.Issues[0].BotComments);
    }

    [Fact]
    public async Task Resume_after_the_deadline_times_out_and_rolls_back_when_asked()
    {
        await using var s = await ApprovalScenario.StartAsync();
        await using var gh = await FakeGitHub.StartAsync(s.Clock);

        var (code, host) = await s.RunAsync("carol", GitHubApprovalTests.GitHub(gh, ("approvers", "alice"), ("mode", "async"),
            ("timeout", "12h"), ("on-timeout", "rollback")));
        Assert.True(code == 0, host.Log);

        s.Clock.Advance(TimeSpan.FromHours(13));
        // A scheduled resume: no --issue (the pending request) and no repository given (the record names it).
        (code, host) = await s.RunAsync("scheduler", ("resume", "true"), ("github-token", gh.Token), ("github-api-url", gh.ApiUrl.ToString()));

        Assert.Equal(1, code);
        Assert.Equal("timed-out", host.Outputs["decision"]);
        Assert.Equal(ReleasePhase.RolledBack, s.Record().Phase);
        Assert.Null(s.Cluster.Deployment("nginx-v2"));
        Assert.Equal("v1", s.Cluster.Selector(ApprovalScenario.App));
        Assert.Contains("Timed out after 12h without a decision (0 of 1 approvals). The release of nginx-service v2 is rolled back to v1.",
            Assert.Single(gh.Issues[0].BotComments));
    }

    [Fact]
    public async Task Resume_refuses_an_issue_the_release_did_not_open()
    {
        await using var s = await ApprovalScenario.StartAsync();
        await using var gh = await FakeGitHub.StartAsync(s.Clock);
        Assert.Equal(0, (await s.RunAsync("carol", GitHubApprovalTests.GitHub(gh, ("approvers", "alice"), ("mode", "async")))).Code);

        var (code, host) = await s.RunAsync("alice", GitHubApprovalTests.GitHub(gh, ("resume", "true"), ("issue", "77")));

        Assert.Equal(2, code);
        Assert.Contains(host.Errors, e => e.Contains("has no approval request #77"));
    }

    [Fact]
    public async Task A_sync_re_run_continues_the_open_request_instead_of_opening_another()
    {
        await using var s = await ApprovalScenario.StartAsync();
        await using var gh = await FakeGitHub.StartAsync(s.Clock);
        gh.Script("alice", "approve", TimeSpan.FromHours(7));
        // The first run asks and ends (as a job killed at its time limit would leave it).
        Assert.Equal(0, (await s.RunAsync("carol", GitHubApprovalTests.GitHub(gh, ("approvers", "alice"), ("mode", "async"), ("timeout", "10h")))).Code);
        s.Clock.Advance(TimeSpan.FromHours(6));

        var (code, host) = await s.RunAsync("carol", GitHubApprovalTests.GitHub(gh, ("approvers", "alice"), ("timeout", "10h")));

        Assert.True(code == 0, host.Log);
        Assert.Single(gh.Issues);
        Assert.Contains("Continuing the approval request https://github.example/shop/web/issues/1", host.Log);
        Assert.InRange(s.Clock.Elapsed, TimeSpan.FromHours(7), TimeSpan.FromHours(7.1));
    }
}
