using Graylane.Core.Model;
using Graylane.Tests.Approvals.Support;

namespace Graylane.Tests.Approvals;

/// <summary>wait-approval by GitHub issue, end to end: local cluster, fake GitHub REST v3 on Kestrel, skip-ahead clock.</summary>
public class GitHubApprovalTests
{
    internal static (string, string)[] GitHub(FakeGitHub gh, params (string, string)[] more) =>
    [
        ("provider", "github"), ("repository", "shop/web"), ("github-token", gh.Token), ("github-api-url", gh.ApiUrl.ToString()),
        ("poll-interval", "1m"), .. more,
    ];

    [Fact]
    public async Task Minimum_approvals_count_distinct_eligible_people_and_the_outcome_is_commented_recorded_and_reported()
    {
        await using var s = await ApprovalScenario.StartAsync();
        await using var gh = await FakeGitHub.StartAsync(s.Clock);
        gh.Script("alice", "approve", TimeSpan.FromMinutes(10));
        gh.Script("alice", "LGTM, checked the dashboards", TimeSpan.FromMinutes(20));   // the same person again: counts once
        gh.Script("mallory", "approve", TimeSpan.FromMinutes(30));                       // not an approver: ignored
        gh.Script("bob", "I'd approve once the error rate is down", TimeSpan.FromMinutes(40)); // discussion, not a verdict
        gh.Script("Bob", "Approved.", TimeSpan.FromHours(2));

        var (code, host) = await s.RunAsync("carol", GitHub(gh, ("approvers", "alice, bob, @dave"), ("minimum-approvals", "2"),
            ("instructions", "Check the **checkout** dashboard first.")));

        Assert.True(code == 0, host.Log);
        Assert.Equal("approved", host.Outputs["decision"]);
        Assert.Equal("alice,bob", host.Outputs["approved-by"]);
        Assert.Equal("https://github.example/shop/web/issues/1", host.Outputs["request-url"]);
        Assert.InRange(s.Clock.Elapsed, TimeSpan.FromHours(2), TimeSpan.FromHours(2.1));

        var issue = Assert.Single(gh.Issues);
        Assert.Equal(["alice", "bob", "dave"], issue.Assignees);
        Assert.Contains("graylane-approval", issue.Labels);
        Assert.Contains("baseline v1 → gray v2", issue.Body);
        Assert.Contains("Check the **checkout** dashboard first.", issue.Body);
        Assert.Contains("https://ci.example/run/7", issue.Body);
        Assert.Contains("@alice, @bob, @dave", issue.Body);
        Assert.Matches(@"<!-- graylane-approval namespace=default app=nginx-service version=v2 started=\d+ checkpoint=github:GrayReady@0 -->", issue.Body);
        Assert.Equal("closed", issue.State);
        Assert.Equal("completed", issue.StateReason);
        Assert.Contains("Approved by alice, bob (2 of 2 needed)", Assert.Single(issue.BotComments));

        // Polling every minute for two hours: unchanged pages are conditional requests answered 304.
        Assert.True(gh.NotModifiedCount > 100, $"304 answers: {gh.NotModifiedCount}");
        Assert.Contains(gh.Requests, r => r.Path.EndsWith("/comments") && r.Header("If-None-Match") is not null);

        var approval = Assert.Single(s.Record().Approvals);
        Assert.Equal(ApprovalDecision.Approved, approval.Decision);
        Assert.Equal(["alice", "bob"], approval.ApprovedBy);
        Assert.Equal(1, approval.Number);
        Assert.Equal("carol", approval.RequestedBy);
        Assert.Equal(s.Clock.Start + TimeSpan.FromHours(2), approval.DecidedAt!.Value, TimeSpan.FromMinutes(2));
        Assert.Contains(s.Record().History, h => h.Step == "wait-approval" && h.Message.StartsWith("approved: Approved by alice, bob"));
        Assert.Equal(ReleasePhase.GrayReady, s.Record().Phase);
        Assert.Contains("| Decision | **approved** |", host.Summary.ToString());
        Assert.Contains("| Approved by | alice, bob |", host.Summary.ToString());
        Assert.Contains("alice approved (1 of 2 needed)", host.Log);
    }

    [Fact]
    public async Task The_initiator_is_excluded_and_a_re_run_after_approval_asks_nothing()
    {
        await using var s = await ApprovalScenario.StartAsync();
        await using var gh = await FakeGitHub.StartAsync(s.Clock);
        gh.Script("alice", "approve", TimeSpan.FromMinutes(5));
        gh.Script("bob", "approve", TimeSpan.FromHours(1));

        var (code, host) = await s.RunAsync("alice", GitHub(gh, ("approvers", "alice,bob"), ("exclude-initiator", "true")));

        Assert.True(code == 0, host.Log);
        Assert.Equal("bob", host.Outputs["approved-by"]);
        Assert.InRange(s.Clock.Elapsed, TimeSpan.FromHours(1), TimeSpan.FromHours(1.1));
        var issue = Assert.Single(gh.Issues);
        Assert.Equal(["bob"], issue.Assignees);
        Assert.Contains("alice started the run and may not approve", issue.Body);

        var requests = gh.Requests.Count;
        (code, host) = await s.RunAsync("alice", GitHub(gh, ("approvers", "alice,bob"), ("exclude-initiator", "true")));
        Assert.True(code == 0, host.Log);
        Assert.Equal("approved", host.Outputs["decision"]);
        Assert.Contains("Already approved", host.Log);
        Assert.Equal(requests, gh.Requests.Count);
    }

    [Fact]
    public async Task Teams_are_expanded_to_members_and_the_ten_assignee_cap_is_respected()
    {
        await using var s = await ApprovalScenario.StartAsync();
        await using var gh = await FakeGitHub.StartAsync(s.Clock);
        gh.Teams["shop/release-managers"] = [.. Enumerable.Range(1, 11).Select(i => $"rm{i}")];
        gh.PageSize = 1;   // one comment per page: the approvals are on pages 1 and 2, found through Link: rel="next"
        gh.Script("rm11", "approve", TimeSpan.FromMinutes(3));
        gh.Script("frank", "approve", TimeSpan.FromMinutes(7));

        var (code, host) = await s.RunAsync("carol", GitHub(gh, ("approvers", "shop/release-managers\nfrank"), ("minimum-approvals", "2")));

        Assert.True(code == 0, host.Log);
        Assert.Equal("rm11,frank", host.Outputs["approved-by"]);
        var issue = Assert.Single(gh.Issues);
        Assert.Equal(10, issue.Assignees.Count);
        Assert.Contains("@shop/release-managers, @frank", issue.Body);
        Assert.Contains("GitHub allows 10 assignees", host.Log);
        Assert.Equal(12, s.Record().Approvals[0].Eligible.Count);
    }

    [Fact]
    public async Task A_team_with_fewer_members_than_the_minimum_is_refused_before_asking()
    {
        await using var s = await ApprovalScenario.StartAsync();
        await using var gh = await FakeGitHub.StartAsync(s.Clock);
        gh.Teams["shop/sre"] = ["solo"];

        var (code, host) = await s.RunAsync("carol", GitHub(gh, ("approvers", "shop/sre"), ("minimum-approvals", "2")));

        Assert.Equal(2, code);
        Assert.Contains(host.Errors, e => e.Contains("--minimum-approvals 2 is more than the 1 people who could approve (solo)"));
        Assert.Empty(gh.Issues);
        Assert.Empty(s.Record().Approvals);
    }

    [Fact]
    public async Task A_deny_wins_over_approvals_and_the_release_stays_where_it_is()
    {
        await using var s = await ApprovalScenario.StartAsync();
        await using var gh = await FakeGitHub.StartAsync(s.Clock);
        gh.Script("alice", "Approve", TimeSpan.FromMinutes(30));
        gh.Script("bob", "DENY: checkout errors are up", TimeSpan.FromMinutes(30));

        var (code, host) = await s.RunAsync("carol", GitHub(gh, ("approvers", "alice,bob")));

        Assert.Equal(1, code);
        Assert.Equal("rejected", host.Outputs["decision"]);
        var issue = Assert.Single(gh.Issues);
        Assert.Equal("not_planned", issue.StateReason);
        Assert.Contains("Denied by bob.", Assert.Single(issue.BotComments));
        var record = s.Record();
        Assert.Equal(ReleasePhase.GrayReady, record.Phase);
        Assert.Equal(["bob"], record.Approvals[0].RejectedBy);
        Assert.Contains("Denied by bob", record.Reason);
        Assert.Contains(host.Errors, e => e.Contains("Denied by bob") && e.Contains("run rollback, or wait-approval again"));
        Assert.NotNull(s.Cluster.Deployment("nginx-v2"));
    }

    [Fact]
    public async Task A_timeout_is_reported_as_a_timeout_with_how_long_it_waited()
    {
        await using var s = await ApprovalScenario.StartAsync();
        await using var gh = await FakeGitHub.StartAsync(s.Clock);
        gh.Script("alice", "approve", TimeSpan.FromHours(1));

        var (code, host) = await s.RunAsync("carol", GitHub(gh, ("approvers", "alice,bob"), ("minimum-approvals", "2"), ("poll-interval", "5m")));

        Assert.Equal(1, code);
        Assert.Equal("timed-out", host.Outputs["decision"]);
        Assert.Equal("alice", host.Outputs["approved-by"]);
        Assert.InRange(s.Clock.Elapsed, TimeSpan.FromHours(6), TimeSpan.FromHours(6.1));
        var comment = Assert.Single(Assert.Single(gh.Issues).BotComments);
        Assert.Equal("Timed out after 6h without a decision (1 of 2 approvals: alice). The release of nginx-service v2 fails.", comment);
        Assert.Equal(ApprovalDecision.TimedOut, s.Record().Approvals[0].Decision);
        Assert.Contains(host.Errors, e => e.Contains("Timed out after 6h"));
    }

    [Fact]
    public async Task Rate_limits_are_waited_out_by_their_headers()
    {
        await using var s = await ApprovalScenario.StartAsync();
        await using var gh = await FakeGitHub.StartAsync(s.Clock);
        gh.CommentReadFaults.Enqueue(FakeGitHub.PrimaryLimit(s.Clock, TimeSpan.FromMinutes(10)));
        gh.CommentReadFaults.Enqueue(FakeGitHub.SecondaryLimit(90));
        gh.Script("alice", "approve", TimeSpan.Zero);

        var (code, host) = await s.RunAsync("carol", GitHub(gh, ("approvers", "alice")));

        Assert.True(code == 0, host.Log);
        var reads = gh.Requests.Where(r => r.Method == "GET" && r.Path.EndsWith("/comments")).ToList();
        Assert.Equal(3, reads.Count);
        Assert.True(reads[1].Time - reads[0].Time >= TimeSpan.FromMinutes(10), $"{reads[1].Time - reads[0].Time}");
        Assert.True(reads[2].Time - reads[1].Time >= TimeSpan.FromSeconds(90), $"{reads[2].Time - reads[1].Time}");
        Assert.Contains("GitHub rate limit (rate limit used up until", host.Log);
        Assert.Contains("GitHub rate limit (Retry-After 90s): waiting 1m30s", host.Log);
    }

    [Fact]
    public async Task A_token_without_issues_write_is_refused_naming_the_permission()
    {
        await using var s = await ApprovalScenario.StartAsync();
        await using var gh = await FakeGitHub.StartAsync(s.Clock);
        gh.DenyIssueCreation = true;

        var (code, host) = await s.RunAsync("carol", GitHub(gh, ("approvers", "alice")));

        Assert.Equal(2, code);
        Assert.Contains(host.Errors, e => e.Contains("(403 Resource not accessible by integration): the token needs issues: write"));
        Assert.Empty(s.Record().Approvals);
        Assert.False(host.Outputs.ContainsKey("decision"));
    }

    [Fact]
    public async Task A_team_the_token_cannot_read_names_members_read()
    {
        await using var s = await ApprovalScenario.StartAsync();
        await using var gh = await FakeGitHub.StartAsync(s.Clock);

        var (code, host) = await s.RunAsync("carol", GitHub(gh, ("approvers", "shop/hidden-team")));

        Assert.Equal(2, code);
        Assert.Contains(host.Errors, e => e.Contains("team shop/hidden-team was not found, or the token cannot see it") && e.Contains("members: read"));
    }

    [Fact]
    public async Task Assignees_GitHub_refuses_are_mentioned_instead()
    {
        await using var s = await ApprovalScenario.StartAsync();
        await using var gh = await FakeGitHub.StartAsync(s.Clock);
        gh.NotAssignable.Add("outsider");
        gh.Script("outsider", "approve", TimeSpan.FromMinutes(1));

        var (code, host) = await s.RunAsync("carol", GitHub(gh, ("approvers", "alice,outsider")));

        Assert.True(code == 0, host.Log);
        Assert.Empty(Assert.Single(gh.Issues).Assignees);
        Assert.Contains(host.Warnings, w => w.Contains("GitHub refused to assign alice, outsider"));
    }
}
