using Graylane.Core.Model;
using Graylane.LocalCluster.Metrics;
using Graylane.Tests.Progressive;
using Graylane.Tests.Support;

namespace Graylane.Tests.Prometheus;

/// <summary>
/// shift-traffic --steps with its Istio templates answered end to end while 50 requests a second flow — once by a real
/// Prometheus (the Debian package .ci/run installs; skipped without it) scraping the cluster's /metrics every second, once
/// by the local cluster's own Prometheus API: a good release walks its steps, one answering 503 to 30% of requests is
/// rolled back with the gate's value printed, the same with either. Real time passes (a few seconds a step); nothing is
/// timed: a step whose gray series have no two samples yet is analysed again (--failure-limit).
/// </summary>
public class ProgressiveGateTests
{
    private static Task<(int Code, TestHost Host)> ShiftAsync(GatedCanary g, string failureLimit) =>
        g.Scenario.ShiftAsync(TimeProvider.System, ("steps", "20,100"), ("step-interval", "3s"), ("failure-limit", failureLimit),
            ("gate", "success-rate:min=0.99\nlatency-p99:max=500ms"), ("prometheus-url", g.Api.Url.ToString()));

    [ToolFact("prometheus")]
    public Task A_good_release_walks_its_steps_with_the_templates_answered_by_prometheus() => GoodReleaseAsync(realPrometheus: true);

    [Fact]
    public Task A_good_release_walks_its_steps_with_the_templates_answered_by_the_local_cluster() => GoodReleaseAsync(realPrometheus: false);

    [ToolFact("prometheus")]
    public Task A_release_answering_503_to_30_percent_is_rolled_back_by_prometheus_s_answer() => BadReleaseAsync(realPrometheus: true);

    [Fact]
    public Task A_release_answering_503_to_30_percent_is_rolled_back_by_the_local_cluster_s_answer() => BadReleaseAsync(realPrometheus: false);

    private static async Task GoodReleaseAsync(bool realPrometheus)
    {
        await using var g = await GatedCanary.StartAsync(weight: 0, realPrometheus);

        var (code, host) = await ShiftAsync(g, failureLimit: "10");

        Assert.True(code == 0, host.Log);
        Assert.Contains(host.Lines, l => l == "gate success-rate: pass 1 >= min 0.99");
        Assert.Contains(host.Lines, l => l.StartsWith("gate latency-p99: pass ", StringComparison.Ordinal) && l.EndsWith(" <= max 500", StringComparison.Ordinal));
        var run = g.Scenario.Record().Progressive!;
        Assert.Equal(ProgressiveOutcome.Completed, run.Outcome);
        Assert.All(run.Reached, r => Assert.Equal(1.0, r.Analyses.Last().Gates.Single(x => x.Gate == "success-rate").Value));
        Assert.Equal(new Dictionary<string, int> { ["v2"] = 20 }, g.Cluster.Served(ProgressiveScenario.App));
    }

    private static async Task BadReleaseAsync(bool realPrometheus)
    {
        await using var g = await GatedCanary.StartAsync(weight: 0, realPrometheus, (ResponseFaults.ErrorRateAnnotation, "0.3"));

        var (code, host) = await ShiftAsync(g, failureLimit: "4");

        Assert.True(code == 1, host.Log);
        Assert.Contains(host.Lines, l => l.StartsWith("gate success-rate: FAIL 0.", StringComparison.Ordinal) && l.EndsWith(" < min 0.99", StringComparison.Ordinal));
        Assert.Contains(host.Errors, e => e.Contains("Analysis failed at step 1/2 at 20%") && e.Contains("rolled back to v1"));
        Assert.Equal(ReleasePhase.RolledBack, g.Scenario.Record().Phase);
        Assert.Null(g.Cluster.Deployment("reviews-v2"));
    }
}
