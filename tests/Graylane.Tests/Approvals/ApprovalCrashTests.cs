using Graylane.Core.Model;
using Graylane.LocalCluster;
using Graylane.Tests.Approvals.Support;

namespace Graylane.Tests.Approvals;

/// <summary>
/// wait-approval survives a crash between its two writes (the request opened, then the record saved): the re-run finds
/// the open issue or work item carrying the release's marker and continues it, so one checkpoint never gets two. And its
/// session (with the lease a rollback takes) is given back on every path.
/// </summary>
public class ApprovalCrashTests
{
    /// <summary>The record save that follows opening the request is lost with the connection: the run stops there.</summary>
    private static FaultRule CrashAtTheRecordSave(ApprovalScenario s) =>
        s.Cluster.Server.Faults.Add(new FaultRule { WritesOnly = true, Resource = "configmaps", Nth = 1, Abort = true });

    [Fact]
    public async Task A_crash_after_opening_the_issue_and_before_recording_it_does_not_open_a_second()
    {
        await using var s = await ApprovalScenario.StartAsync();
        await using var gh = await FakeGitHub.StartAsync(s.Clock);
        gh.Script("alice", "approve", TimeSpan.FromMinutes(10));
        var crash = CrashAtTheRecordSave(s);

        var (code, host) = await s.RunAsync("carol", GitHubApprovalTests.GitHub(gh, ("approvers", "alice")));
        Assert.True(code == 1, $"exit {code}\n{host.Log}");
        Assert.Equal(1, crash.Fired);
        Assert.Single(gh.Issues);
        Assert.Empty(s.Record().Approvals); // the issue is open, the record does not know it
        s.Cluster.Server.Faults.Clear();

        (code, host) = await s.RunAsync("carol", GitHubApprovalTests.GitHub(gh, ("approvers", "alice")));
        Assert.True(code == 0, host.Log);
        Assert.Contains(host.Lines, l => l.Contains("Found the open request https://github.example/shop/web/issues/1"));
        var issue = Assert.Single(gh.Issues); // not a second one
        Assert.Equal("closed", issue.State);
        var approval = Assert.Single(s.Record().Approvals);
        Assert.Equal(1, approval.Number);
        Assert.Equal(ApprovalDecision.Approved, approval.Decision);
    }

    [Fact]
    public async Task An_open_issue_of_another_checkpoint_or_release_is_not_taken_for_this_one()
    {
        // Control for the test above: the marker names the checkpoint, so a later checkpoint opens its own issue.
        await using var s = await ApprovalScenario.StartAsync();
        await using var gh = await FakeGitHub.StartAsync(s.Clock);
        gh.Script("alice", "approve", TimeSpan.FromMinutes(10));
        CrashAtTheRecordSave(s);
        Assert.Equal(1, (await s.RunAsync("carol", GitHubApprovalTests.GitHub(gh, ("approvers", "alice")))).Code);
        s.Cluster.Server.Faults.Clear();
        Assert.Equal(0, (await s.Cluster.RunAsync("shift-traffic", ("app", ApprovalScenario.App), ("weight", "100"))).Code);

        var (code, host) = await s.RunAsync("carol", GitHubApprovalTests.GitHub(gh, ("approvers", "alice"), ("timeout", "30m")));
        Assert.True(code == 1, host.Log); // the script's approval was on issue 1; issue 2 gets none
        Assert.Equal(2, gh.Issues.Count);
        Assert.Equal("open", gh.Issues[0].State); // the orphan of the other checkpoint is left alone
    }

    [Fact]
    public async Task A_crash_after_opening_the_work_item_and_before_recording_it_does_not_open_a_second()
    {
        await using var s = await ApprovalScenario.StartAsync();
        await using var ado = await FakeAzureDevOps.StartAsync(s.Clock);
        s.Environment["SYSTEM_COLLECTIONURI"] = ado.CollectionUri.ToString();
        s.Environment["SYSTEM_TEAMPROJECT"] = FakeAzureDevOps.Project;
        s.Environment["SYSTEM_ACCESSTOKEN"] = ado.Token;
        ado.Script("alice@contoso.com", "Alice Smith", "<div>Approve</div>", TimeSpan.FromMinutes(15));
        CrashAtTheRecordSave(s);

        var (code, host) = await s.RunAsync("Carol Jones", ("provider", "azure-devops"), ("approvers", "alice@contoso.com"));
        Assert.True(code == 1, $"exit {code}\n{host.Log}");
        Assert.Single(ado.WorkItems);
        s.Cluster.Server.Faults.Clear();

        (code, host) = await s.RunAsync("Carol Jones", ("provider", "azure-devops"), ("approvers", "alice@contoso.com"));
        Assert.True(code == 0, host.Log);
        var item = Assert.Single(ado.WorkItems);
        Assert.Equal("Done", (string?)item["fields"]!["System.State"]);
        Assert.Equal(42, Assert.Single(s.Record().Approvals).Number);
    }

    [Theory]
    [InlineData("deny", "on-reject")]
    [InlineData(null, "on-timeout")]
    public async Task A_rollback_after_a_reject_or_a_timeout_gives_the_lease_back(string? answer, string policy)
    {
        await using var s = await ApprovalScenario.StartAsync();
        await using var gh = await FakeGitHub.StartAsync(s.Clock);
        if (answer is not null) gh.Script("alice", answer, TimeSpan.FromMinutes(10));

        var (code, host) = await s.RunAsync("carol", GitHubApprovalTests.GitHub(gh, ("approvers", "alice"), ("timeout", "1h"), (policy, "rollback")));
        Assert.True(code == 1, host.Log);
        Assert.Equal(ReleasePhase.RolledBack, s.Record().Phase);
        Assert.Null(s.Cluster.Server.Get("coordination.k8s.io/v1", "Lease", "default", "graylane-" + ApprovalScenario.App));
    }
}
