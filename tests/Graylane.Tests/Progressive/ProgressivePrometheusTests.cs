using Graylane.Core.Model;
using Graylane.LocalCluster.Metrics;
using Graylane.LocalCluster.Routing;
using Graylane.Tests.Metrics;
using Graylane.Tests.Support;

namespace Graylane.Tests.Progressive;

/// <summary>
/// shift-traffic --steps with its Istio templates answered by a real Prometheus (the Debian package .ci/run installs)
/// scraping the local cluster's /metrics every second while background traffic flows: a good release walks its steps,
/// one answering 503 to 30% of requests is rolled back. Real time passes (a few seconds a step); nothing is timed: a
/// step whose gray series Prometheus has not scraped yet is analysed again (--failure-limit). Skipped without prometheus.
/// </summary>
public class ProgressivePrometheusTests
{
    private static async Task<(ProgressiveScenario, RealPrometheus)> StartAsync(string? errorRate = null)
    {
        var s = await ProgressiveScenario.StartAsync();
        if (errorRate is not null) await CanaryScenario.AnnotatePodsAsync(s.Cluster, "v2", ResponseFaults.ErrorRateAnnotation, errorRate);
        s.Cluster.Server.Traffic.Start(RouteRequest.To("default", ProgressiveScenario.App), 50, TimeSpan.FromMinutes(3));
        return (s, await RealPrometheus.StartAsync(s.Cluster.Server.MetricsUrl));
    }

    private static Task<(int Code, TestHost Host)> ShiftAsync(ProgressiveScenario s, RealPrometheus prometheus, string failureLimit) =>
        s.ShiftAsync(TimeProvider.System, ("steps", "20,100"), ("step-interval", "3s"), ("failure-limit", failureLimit),
            ("gate", "success-rate:min=0.99\nlatency-p99:max=500ms"), ("prometheus-url", prometheus.Url.ToString()));

    [ToolFact("prometheus")]
    public async Task A_good_release_walks_its_steps_with_the_templates_answered_by_prometheus()
    {
        var (s, prometheus) = await StartAsync();
        await using var _ = s;
        await using var __ = prometheus;

        var (code, host) = await ShiftAsync(s, prometheus, failureLimit: "10");

        Assert.True(code == 0, host.Log);
        Assert.Contains(host.Lines, l => l == "gate success-rate: pass 1 >= min 0.99");
        Assert.Contains(host.Lines, l => l.StartsWith("gate latency-p99: pass ", StringComparison.Ordinal) && l.EndsWith(" <= max 500", StringComparison.Ordinal));
        var run = s.Record().Progressive!;
        Assert.Equal(ProgressiveOutcome.Completed, run.Outcome);
        Assert.All(run.Reached, r => Assert.Equal(1.0, r.Analyses.Last().Gates.Single(g => g.Gate == "success-rate").Value));
        Assert.Equal(new Dictionary<string, int> { ["v2"] = 20 }, s.Cluster.Served(ProgressiveScenario.App));
    }

    [ToolFact("prometheus")]
    public async Task A_release_answering_503_to_30_percent_is_rolled_back_with_the_value_printed()
    {
        var (s, prometheus) = await StartAsync(errorRate: "0.3");
        await using var _ = s;
        await using var __ = prometheus;

        var (code, host) = await ShiftAsync(s, prometheus, failureLimit: "4");

        Assert.True(code == 1, host.Log);
        Assert.Contains(host.Lines, l => l.StartsWith("gate success-rate: FAIL 0.", StringComparison.Ordinal) && l.EndsWith(" < min 0.99", StringComparison.Ordinal));
        Assert.Contains(host.Errors, e => e.Contains("Analysis failed at step 1/2 at 20%") && e.Contains("rolled back to v1"));
        Assert.Equal(ReleasePhase.RolledBack, s.Record().Phase);
        Assert.Null(s.Cluster.Deployment("reviews-v2"));
    }
}
