using Graylane.Core.Model;
using Graylane.Tests.Approvals.Support;

namespace Graylane.Tests.Approvals;

/// <summary>Metric gates against a fake Prometheus /api/v1/query: pass, flapping under the limit, reject → rollback, unreachable.</summary>
public class MetricGateTests
{
    private const string SuccessRate =
        "name=success-rate;query=sum(rate(http_requests_total{namespace=\"$namespace\",version=\"$version\",code!~\"5..\"}[1m]))/sum(rate(http_requests_total{namespace=\"$namespace\",version=\"$version\"}[1m]));min=0.99";

    private static (string, string)[] Gates(FakePrometheus p, params (string, string)[] more) =>
        [("provider", "none"), ("gate", SuccessRate), ("prometheus-url", p.Url.ToString()), ("interval", "1m"), ("analysis-duration", "5m"), .. more];

    [Fact]
    public async Task Gates_alone_pass_after_the_analysis_and_every_evaluation_is_logged_and_tabled()
    {
        await using var s = await ApprovalScenario.StartAsync();
        await using var prom = await FakePrometheus.StartAsync(s.Clock, "0.995");

        var (code, host) = await s.RunAsync("carol", Gates(prom));

        Assert.True(code == 0, host.Log);
        Assert.Equal("approved", host.Outputs["decision"]);
        Assert.Equal(6, prom.Queries.Count);
        Assert.Contains("namespace=\"default\",version=\"v2\",code!~\"5..\"", prom.Queries[0]);
        Assert.Equal(6, host.Lines.Count(l => l == "gate success-rate: pass 0.995 >= min 0.99"));
        Assert.InRange(s.Clock.Elapsed, TimeSpan.FromMinutes(5), TimeSpan.FromMinutes(5.1));
        var approval = Assert.Single(s.Record().Approvals);
        Assert.Equal("none", approval.Provider);
        Assert.Equal(6, approval.Gates.Count);
        Assert.Contains("| success-rate | 0.995 | pass: 0.995 >= min 0.99 |", host.Summary.ToString());
        Assert.Contains("Metric gates passed (success-rate; 6 evaluations). The release of nginx-service v2 continues.", approval.Outcome);
    }

    [Fact]
    public async Task A_gate_that_flaps_under_the_failure_limit_still_passes()
    {
        await using var s = await ApprovalScenario.StartAsync();
        await using var prom = await FakePrometheus.StartAsync(s.Clock, "0.995", "0.95", "0.999", "0.97", "0.992", "0.98", "0.996");

        var (code, host) = await s.RunAsync("carol", Gates(prom, ("failure-limit", "2")));

        Assert.True(code == 0, host.Log);
        Assert.Equal("approved", host.Outputs["decision"]);
        Assert.Contains("gate success-rate: FAIL 0.95 < min 0.99 (1 of 2 consecutive failures)", host.Lines);
        Assert.Equal(3, s.Record().Approvals[0].Gates.Count(g => !g.Passed));
    }

    [Fact]
    public async Task A_rejecting_gate_rolls_back_with_the_engine_rollback_while_people_are_asked()
    {
        await using var s = await ApprovalScenario.StartAsync();
        await using var prom = await FakePrometheus.StartAsync(s.Clock, "0.995", "0.9", "0.91", "0.9");
        await using var gh = await FakeGitHub.StartAsync(s.Clock);

        var (code, host) = await s.RunAsync("carol",
            [.. GitHubApprovalTests.GitHub(gh, ("approvers", "alice")), .. Gates(prom, ("provider", "github"), ("failure-limit", "3"), ("on-reject", "rollback"))]);

        Assert.Equal(1, code);
        Assert.Equal("rejected", host.Outputs["decision"]);
        var record = s.Record();
        Assert.Equal(ReleasePhase.RolledBack, record.Phase);
        Assert.Null(s.Cluster.Deployment("nginx-v2"));
        Assert.Equal("v1", s.Cluster.Selector(ApprovalScenario.App));
        Assert.Contains(record.History, h => h.Step == "wait-approval" && h.Message.StartsWith("rolling back: Rejected: gate success-rate failed 3 times in a row (last: 0.9 < min 0.99)"));
        Assert.Contains(record.History, h => h.Step == "wait-approval" && h.Message == "restored the state before v2");
        var issue = Assert.Single(gh.Issues);
        Assert.Equal("closed", issue.State);
        Assert.Contains("is rolled back to v1", Assert.Single(issue.BotComments));
        Assert.InRange(s.Clock.Elapsed, TimeSpan.FromMinutes(3), TimeSpan.FromMinutes(3.1));
    }

    [Fact]
    public async Task People_and_gates_must_both_pass()
    {
        await using var s = await ApprovalScenario.StartAsync();
        await using var prom = await FakePrometheus.StartAsync(s.Clock, "0.995");
        await using var gh = await FakeGitHub.StartAsync(s.Clock);
        gh.Script("alice", "approve", TimeSpan.FromMinutes(1));

        var (code, host) = await s.RunAsync("carol",
            [.. GitHubApprovalTests.GitHub(gh, ("approvers", "alice")), .. Gates(prom, ("provider", "github"), ("analysis-duration", "30m"))]);

        Assert.True(code == 0, host.Log);
        Assert.InRange(s.Clock.Elapsed, TimeSpan.FromMinutes(30), TimeSpan.FromMinutes(31));
        Assert.Contains("Approved by alice (1 of 1 needed); metric gates passed (success-rate; 31 evaluations)", Assert.Single(gh.Issues).BotComments.Single());
    }

    [Fact]
    public async Task Unreachable_Prometheus_is_a_clear_error_and_no_decision()
    {
        await using var s = await ApprovalScenario.StartAsync();
        await using var gh = await FakeGitHub.StartAsync(s.Clock);

        var (code, host) = await s.RunAsync("carol",
            [.. GitHubApprovalTests.GitHub(gh, ("approvers", "alice")), ("gate", SuccessRate), ("prometheus-url", "http://127.0.0.1:1/")]);

        Assert.Equal(1, code);
        Assert.Contains(host.Errors, e => e.Contains("cannot reach Prometheus at http://127.0.0.1:1") && e.Contains("no decision was made"));
        Assert.False(host.Outputs.ContainsKey("decision"));
        Assert.Empty(gh.Issues);
        Assert.Empty(s.Record().Approvals);
    }

    [Fact]
    public async Task A_query_Prometheus_cannot_parse_is_bad_input()
    {
        await using var s = await ApprovalScenario.StartAsync();
        await using var prom = await FakePrometheus.StartAsync(s.Clock, "1");

        var (code, host) = await s.RunAsync("carol", Gates(prom, ("gate", "name=broken;query=syntax error here;max=1")));

        Assert.Equal(2, code);
        Assert.Contains(host.Errors, e => e.Contains("--gate broken: Prometheus rejected the query: Prometheus error bad_data: 1:1: parse error"));
    }
}
