using Graylane.Core.Model;
using Graylane.LocalCluster.Metrics;
using Graylane.Tests.Metrics;
using Graylane.Tests.Support;

namespace Graylane.Tests.Prometheus;

/// <summary>
/// wait-approval's metric gates — written by hand, with the query variables filled in — answered by a real Prometheus
/// (the Debian package .ci/run installs) scraping the local cluster's /metrics every second while traffic flows through
/// the Istio canary at 50%: a good gray passes, a gray made bad with a fault annotation is rejected and rolled back.
/// Skipped where prometheus is not on the PATH.
/// </summary>
public class WaitApprovalGateTests
{
    private const string Gray = "reporter=\"destination\",destination_workload_namespace=\"$namespace\",destination_service_name=\"$service\",destination_version=\"$version\"";

    public const string SuccessRateQuery =
        "sum(rate(istio_requests_total{" + Gray + ",response_code!~\"5.*\"}[1m])) / sum(rate(istio_requests_total{" + Gray + "}[1m]))";

    public const string LatencyP99Query =
        "histogram_quantile(0.99, sum(rate(istio_request_duration_milliseconds_bucket{" + Gray + "}[1m])) by (le))";

    private static string Filled(string query) => query.Replace("$namespace", "default").Replace("$service", "reviews").Replace("$version", "v2");

    /// <summary>The canary at 50% with a Prometheus that has seen both versions answer.</summary>
    private static async Task<GatedCanary> StartAsync((string, string)? fault = null)
    {
        var g = await GatedCanary.StartAsync(weight: 50, realPrometheus: true, fault);
        await g.WarmAsync(Filled(LatencyP99Query), Filled(SuccessRateQuery));
        return g;
    }

    private static Task<(int Code, TestHost Host)> WaitApprovalAsync(GatedCanary g, params (string, string)[] more) =>
        g.Cluster.RunAsync("wait-approval", [("app", "reviews"), ("provider", "none"),
            ("gate", $"name=success-rate;query={SuccessRateQuery};min=0.99\nname=latency-p99;query={LatencyP99Query};max=500"),
            ("prometheus-url", g.Api.Url.ToString()), ("interval", "1s"), ("analysis-duration", "2s"), ("failure-limit", "1"), .. more]);

    [ToolFact("prometheus")]
    public async Task A_good_gray_passes_success_rate_and_p99_latency_gates_answered_by_prometheus()
    {
        await using var g = await StartAsync();

        Assert.Equal(1.0, await g.Api.QueryAsync(Filled(SuccessRateQuery)));
        var (code, host) = await WaitApprovalAsync(g);

        Assert.True(code == 0, host.Log);
        Assert.Equal("approved", host.Outputs["decision"]);
        Assert.Contains(host.Lines, l => l == "gate success-rate: pass 1 >= min 0.99");
        Assert.Contains(host.Lines, l => l.StartsWith("gate latency-p99: pass ", StringComparison.Ordinal) && l.EndsWith(" <= max 500", StringComparison.Ordinal));
        Assert.Contains(IstioLabels.RequestsTotal, (await CanaryScenario.ScrapeAsync(g.Cluster)).Text);
    }

    [ToolFact("prometheus")]
    public async Task A_gray_answering_503_to_30_percent_fails_the_success_rate_gate_and_is_rolled_back()
    {
        await using var g = await StartAsync((ResponseFaults.ErrorRateAnnotation, "0.3"));

        Assert.InRange((await g.Api.QueryAsync(Filled(SuccessRateQuery)))!.Value, 0.5, 0.9);
        var (code, host) = await WaitApprovalAsync(g, ("on-reject", "rollback"));

        Assert.Equal(1, code);
        Assert.Equal("rejected", host.Outputs["decision"]);
        Assert.Contains(host.Lines, l => l.StartsWith("gate success-rate: FAIL 0.", StringComparison.Ordinal) && l.Contains(" < min 0.99"));
        Assert.Equal(ReleasePhase.RolledBack, g.Scenario.Record().Phase);
        Assert.Null(g.Cluster.Deployment("reviews-v2"));
    }

    [ToolFact("prometheus")]
    public async Task A_gray_slowed_to_800_ms_fails_the_p99_latency_gate()
    {
        await using var g = await StartAsync((ResponseFaults.LatencyAnnotation, "800"));

        Assert.InRange((await g.Api.QueryAsync(Filled(LatencyP99Query)))!.Value, 500, 1000);
        var (code, host) = await WaitApprovalAsync(g);

        Assert.Equal(1, code);
        Assert.Equal("rejected", host.Outputs["decision"]);
        Assert.Contains(host.Lines, l => l == "gate success-rate: pass 1 >= min 0.99");
        Assert.Contains(host.Lines, l => l.StartsWith("gate latency-p99: FAIL ", StringComparison.Ordinal) && l.Contains(" > max 500"));
    }

    [ToolFact("prometheus")]
    public async Task A_query_prometheus_rejects_is_bad_input_quoting_its_error()
    {
        await using var g = await GatedCanary.StartAsync(weight: 50, realPrometheus: true);

        var (code, host) = await g.Cluster.RunAsync("wait-approval", ("app", "reviews"), ("provider", "none"),
            ("gate", "name=broken;query=sum(rate(istio_requests_total[1m]);min=1"), ("prometheus-url", g.Api.Url.ToString()),
            ("interval", "1s"), ("analysis-duration", "2s"));

        Assert.Equal(2, code);
        Assert.Contains("--gate broken: Prometheus rejected the query: Prometheus error bad_data: ", host.Log);
    }
}
