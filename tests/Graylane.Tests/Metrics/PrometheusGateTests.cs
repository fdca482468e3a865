using Graylane.Core.Model;
using Graylane.LocalCluster.Metrics;
using Graylane.Tests.Support;

namespace Graylane.Tests.Metrics;

/// <summary>
/// wait-approval's metric gates answered by a real Prometheus (the Debian package .ci/run installs) scraping the local
/// cluster's /graylane/metrics every second while background traffic flows through the Istio canary: a good gray passes, a gray
/// made bad with a fault annotation is rejected and rolled back. Skipped where prometheus is not on the PATH.
/// </summary>
public class PrometheusGateTests
{
    private const string Gray = "reporter=\"destination\",destination_workload_namespace=\"$namespace\",destination_service_name=\"$service\",destination_version=\"$version\"";

    public const string SuccessRateQuery =
        "sum(rate(istio_requests_total{" + Gray + ",response_code!~\"5.*\"}[1m])) / sum(rate(istio_requests_total{" + Gray + "}[1m]))";

    public const string LatencyP99Query =
        "histogram_quantile(0.99, sum(rate(istio_request_duration_milliseconds_bucket{" + Gray + "}[1m])) by (le))";

    private static string Filled(string query) => query.Replace("$namespace", "default").Replace("$service", "reviews").Replace("$version", "v2");

    /// <summary>The canary at 50%, 50 requests a second through it, and a Prometheus that has seen both versions answer.</summary>
    private static async Task<(ClusterFixture, RealPrometheus)> StartAsync(string? annotation = null, string? value = null)
    {
        var c = await CanaryScenario.StartAsync(weight: 50);
        if (annotation is not null) await CanaryScenario.AnnotatePodsAsync(c, "v2", annotation, value!);
        c.Server.Traffic.Start(CanaryScenario.ToReviews, 50, TimeSpan.FromMinutes(2));
        var prometheus = await RealPrometheus.StartAsync(c.Server.MetricsUrl);
        // rate() needs two scrapes of the gray's series; until then the gates would see "no data".
        Assert.NotNull(await prometheus.WaitForValueAsync(Filled(LatencyP99Query)));
        Assert.NotNull(await prometheus.WaitForValueAsync(Filled(SuccessRateQuery)));
        return (c, prometheus);
    }

    private static Task<(int Code, TestHost Host)> WaitApprovalAsync(ClusterFixture c, RealPrometheus p, params (string, string)[] more) =>
        c.RunAsync("wait-approval", [("app", "reviews"), ("provider", "none"),
            ("gate", $"name=success-rate;query={SuccessRateQuery};min=0.99\nname=latency-p99;query={LatencyP99Query};max=500"),
            ("prometheus-url", p.Url.ToString()), ("interval", "1s"), ("analysis-duration", "2s"), ("failure-limit", "1"), .. more]);

    [ToolFact("prometheus")]
    public async Task A_good_gray_passes_success_rate_and_p99_latency_gates_answered_by_prometheus()
    {
        var (c, prometheus) = await StartAsync();
        await using var _ = c;
        await using var __ = prometheus;

        Assert.Equal(1.0, await prometheus.QueryAsync(Filled(SuccessRateQuery)));
        var (code, host) = await WaitApprovalAsync(c, prometheus);

        Assert.True(code == 0, host.Log);
        Assert.Equal("approved", host.Outputs["decision"]);
        Assert.Contains(host.Lines, l => l == "gate success-rate: pass 1 >= min 0.99");
        Assert.Contains(host.Lines, l => l.StartsWith("gate latency-p99: pass ", StringComparison.Ordinal) && l.EndsWith(" <= max 500", StringComparison.Ordinal));
        Assert.Contains(Graylane.LocalCluster.Metrics.IstioLabels.RequestsTotal, (await CanaryScenario.ScrapeAsync(c)).Text);
    }

    [ToolFact("prometheus")]
    public async Task A_gray_answering_503_to_30_percent_fails_the_success_rate_gate_and_is_rolled_back()
    {
        var (c, prometheus) = await StartAsync(ResponseFaults.ErrorRateAnnotation, "0.3");
        await using var _ = c;
        await using var __ = prometheus;

        Assert.InRange((await prometheus.QueryAsync(Filled(SuccessRateQuery)))!.Value, 0.5, 0.9);
        var (code, host) = await WaitApprovalAsync(c, prometheus, ("on-reject", "rollback"));

        Assert.Equal(1, code);
        Assert.Equal("rejected", host.Outputs["decision"]);
        Assert.Contains(host.Lines, l => l.StartsWith("gate success-rate: FAIL 0.", StringComparison.Ordinal) && l.Contains(" < min 0.99"));
        Assert.Equal(ReleasePhase.RolledBack, CanaryScenario.Record(c).Phase);
        Assert.Null(c.Deployment("reviews-v2"));
    }

    [ToolFact("prometheus")]
    public async Task A_gray_slowed_to_800_ms_fails_the_p99_latency_gate()
    {
        var (c, prometheus) = await StartAsync(ResponseFaults.LatencyAnnotation, "800");
        await using var _ = c;
        await using var __ = prometheus;

        Assert.InRange((await prometheus.QueryAsync(Filled(LatencyP99Query)))!.Value, 500, 1000);
        var (code, host) = await WaitApprovalAsync(c, prometheus);

        Assert.Equal(1, code);
        Assert.Equal("rejected", host.Outputs["decision"]);
        Assert.Contains(host.Lines, l => l == "gate success-rate: pass 1 >= min 0.99");
        Assert.Contains(host.Lines, l => l.StartsWith("gate latency-p99: FAIL ", StringComparison.Ordinal) && l.Contains(" > max 500"));
    }

    [ToolFact("prometheus")]
    public async Task A_query_prometheus_rejects_is_bad_input_quoting_its_error()
    {
        await using var c = await CanaryScenario.StartAsync(weight: 50);
        await using var prometheus = await RealPrometheus.StartAsync(c.Server.MetricsUrl);

        var (code, host) = await c.RunAsync("wait-approval", ("app", "reviews"), ("provider", "none"),
            ("gate", "name=broken;query=sum(rate(istio_requests_total[1m]);min=1"), ("prometheus-url", prometheus.Url.ToString()),
            ("interval", "1s"), ("analysis-duration", "2s"));

        Assert.Equal(2, code);
        Assert.Contains("--gate broken: Prometheus rejected the query: Prometheus error bad_data: ", host.Log);
    }
}
