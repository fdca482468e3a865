using Graylane.LocalCluster.Metrics;
using Graylane.Tests.Support;

namespace Graylane.Tests.Metrics;

/// <summary>
/// The local cluster's /graylane/metrics: Istio's standard request metrics for the requests it serves, shaped as Istio's proxies
/// export them, the fault annotations that make a version bad, and kube-state-metrics' pod gauges.
/// </summary>
public class ClusterMetricsTests
{
    private static readonly (string, string)[] GrayAtDestination =
        [("reporter", "destination"), ("destination_workload", "reviews-v2"), ("destination_version", "v2")];

    [Fact]
    public async Task Served_requests_are_counted_per_workload_version_and_code_as_istio_reports_them()
    {
        await using var c = await CanaryScenario.StartAsync(weight: 50);

        var served = c.Server.Serve(CanaryScenario.ToReviews, 200);

        var toGray = served.Count(s => s.Path.Hops[0].Version == "v2");
        Assert.InRange(toGray, 60, 140);
        Assert.All(served, s => Assert.Equal(200, s.Status));
        var m = await CanaryScenario.ScrapeAsync(c);
        Assert.Equal(toGray, m.Sum(IstioLabels.RequestsTotal, [.. GrayAtDestination, ("response_code", "200")]));
        Assert.Equal(200 - toGray, m.Sum(IstioLabels.RequestsTotal, ("reporter", "destination"), ("destination_workload", "reviews-v1"), ("destination_version", "v1")));
        var series = m.Series(IstioLabels.RequestsTotal, GrayAtDestination).First();
        Assert.Equal("default", series["destination_workload_namespace"]);
        Assert.Equal("reviews", series["destination_app"]);
        Assert.Equal("reviews", series["destination_service_name"]);
        Assert.Equal("reviews.default.svc.cluster.local", series["destination_service"]);
        Assert.Equal("v2", series["destination_canonical_revision"]);
        Assert.Equal("spiffe://cluster.local/ns/default/sa/default", series["destination_principal"]);
        Assert.Equal("unknown", series["source_workload"]); // the requests come from outside the mesh
        Assert.Empty(m.Series(IstioLabels.RequestsTotal, ("reporter", "source"))); // no client-side proxy reported them
        Assert.Equal(toGray, m.Sum(IstioLabels.Duration + "_count", GrayAtDestination));
        Assert.Equal(toGray, m.Sum(IstioLabels.Duration + "_bucket", [.. GrayAtDestination, ("le", "25")])); // a healthy pod answers in 1–20 ms
        Assert.Equal(0, m.Sum(IstioLabels.Duration + "_bucket", [.. GrayAtDestination, ("le", "0.5")]));
    }

    [Fact]
    public async Task The_error_rate_annotation_makes_exactly_that_share_of_a_version_s_answers_503()
    {
        await using var c = await CanaryScenario.StartAsync(weight: 50);
        await CanaryScenario.AnnotatePodsAsync(c, "v2", ResponseFaults.ErrorRateAnnotation, "0.3");

        var served = c.Server.Serve(CanaryScenario.ToReviews, 400);

        var perGrayPod = served.Where(s => s.Path.Hops[0].Version == "v2").GroupBy(s => s.Path.Hops[0].Pod).ToList();
        var expected = perGrayPod.Sum(g => (int)Math.Floor(g.Count() * 0.3));
        Assert.Equal(expected, served.Count(s => s.Status == 503));
        Assert.All(served.Where(s => s.Path.Hops[0].Version == "v1"), s => Assert.Equal(200, s.Status));
        Assert.Contains(served, s => s.Text.EndsWith(" [503]", StringComparison.Ordinal) && s.Text.StartsWith("-> reviews(v2)", StringComparison.Ordinal));
        var m = await CanaryScenario.ScrapeAsync(c);
        Assert.Equal(expected, m.Sum(IstioLabels.RequestsTotal, [.. GrayAtDestination, ("response_code", "503")]));
        Assert.Equal(perGrayPod.Sum(g => g.Count()) - expected, m.Sum(IstioLabels.RequestsTotal, [.. GrayAtDestination, ("response_code", "200")]));
    }

    [Fact]
    public async Task The_latency_annotation_moves_a_version_s_durations_into_higher_buckets()
    {
        await using var c = await CanaryScenario.StartAsync(weight: 50);
        await CanaryScenario.AnnotatePodsAsync(c, "v2", ResponseFaults.LatencyAnnotation, "800");

        var served = c.Server.Serve(CanaryScenario.ToReviews, 100);

        var toGray = served.Count(s => s.Path.Hops[0].Version == "v2");
        Assert.All(served.Where(s => s.Path.Hops[0].Version == "v2"), s => Assert.InRange(s.Milliseconds, 801, 820));
        var m = await CanaryScenario.ScrapeAsync(c);
        Assert.Equal(0, m.Sum(IstioLabels.Duration + "_bucket", [.. GrayAtDestination, ("le", "500")]));
        Assert.Equal(toGray, m.Sum(IstioLabels.Duration + "_bucket", [.. GrayAtDestination, ("le", "1000")]));
        Assert.Equal(100 - toGray, m.Sum(IstioLabels.Duration + "_bucket", ("destination_version", "v1"), ("le", "25")));
    }

    [Fact]
    public async Task A_call_between_pods_is_reported_by_both_proxies_with_the_caller_as_source()
    {
        await using var c = await ClusterFixture.StartAsync(MultiHop, "front");
        await c.WaitReadyAsync("back");

        var served = c.Server.Serve(Graylane.LocalCluster.Routing.RouteRequest.To("default", "front"), 10);

        Assert.All(served, s => Assert.Equal("-> front(v1) -> back(v1)", s.Text));
        var m = await CanaryScenario.ScrapeAsync(c);
        Assert.Equal(10, m.Sum(IstioLabels.RequestsTotal, ("reporter", "destination"), ("destination_workload", "front"), ("source_workload", "unknown")));
        foreach (var reporter in new[] { "source", "destination" })
            Assert.Equal(10, m.Sum(IstioLabels.RequestsTotal, ("reporter", reporter), ("destination_workload", "back"), ("source_workload", "front"),
                ("source_version", "v1"), ("source_app", "front")));
        // front's answer takes as long as its own work plus its call to back
        Assert.All(served, s => Assert.True(s.Milliseconds >= 2, $"{s.Milliseconds} ms"));
        Assert.True(m.Sum(IstioLabels.Duration + "_sum", ("reporter", "destination"), ("destination_workload", "front"))
                    > m.Sum(IstioLabels.Duration + "_sum", ("reporter", "destination"), ("destination_workload", "back")));
    }

    [Fact]
    public async Task Pod_readiness_and_restarts_are_exported_as_kube_state_metrics_does()
    {
        await using var c = await CanaryScenario.StartAsync(weight: 0);

        var m = await CanaryScenario.ScrapeAsync(c);

        var pods = c.Server.List("v1", "Pod", "default");
        Assert.Equal(4, pods.Count);
        foreach (var pod in pods)
        {
            var name = (string)pod["metadata"]!["name"]!;
            Assert.Equal(1, m.Sum("kube_pod_status_ready", ("namespace", "default"), ("pod", name), ("condition", "true")));
            Assert.Equal(0, m.Sum("kube_pod_status_ready", ("pod", name), ("condition", "false")));
            Assert.Equal(0, m.Sum("kube_pod_container_status_restarts_total", ("pod", name), ("container", "reviews")));
            Assert.Single(m.Series("kube_pod_container_status_restarts_total", ("pod", name), ("uid", (string)pod["metadata"]!["uid"]!)));
        }
        Assert.Contains("# TYPE kube_pod_container_status_restarts_total counter\n", m.Text);
        Assert.Contains("# TYPE istio_request_duration_milliseconds histogram\n", (await ScrapeAfterOne(c)).Text);
        // The same text on the API port, beside the other /graylane endpoints.
        using var http = new HttpClient();
        Assert.Contains("istio_requests_total{", await http.GetStringAsync(new Uri(c.Server.Url, Graylane.LocalCluster.LocalClusterServer.ApiPortMetricsPath)));
    }

    private static async Task<ExposedMetrics> ScrapeAfterOne(ClusterFixture c)
    {
        c.Server.Serve(CanaryScenario.ToReviews, 1);
        return await CanaryScenario.ScrapeAsync(c);
    }

    private const string MultiHop = """
        apiVersion: apps/v1
        kind: Deployment
        metadata: {name: front, namespace: default}
        spec:
          replicas: 1
          selector: {matchLabels: {app: front}}
          template:
            metadata:
              labels: {app: front, version: v1}
              annotations: {graylane.io/calls: back}
            spec:
              containers: [{name: front, image: shop/front:1}]
        ---
        apiVersion: apps/v1
        kind: Deployment
        metadata: {name: back, namespace: default}
        spec:
          replicas: 1
          selector: {matchLabels: {app: back}}
          template:
            metadata:
              labels: {app: back, version: v1}
            spec:
              containers: [{name: back, image: shop/back:1}]
        ---
        apiVersion: v1
        kind: Service
        metadata: {name: front, namespace: default}
        spec: {selector: {app: front}, ports: [{port: 80}]}
        ---
        apiVersion: v1
        kind: Service
        metadata: {name: back, namespace: default}
        spec: {selector: {app: back}, ports: [{port: 80}]}
        """;
}
