using Graylane.Approvals.Gates;
using Graylane.LocalCluster.Metrics;
using Graylane.Tests.Metrics;
using Graylane.Tests.Support;

namespace Graylane.Tests.Prometheus;

/// <summary>
/// The ingress-nginx templates' queries (success-rate, latency-p99 for --router nginx) answered by a real Prometheus
/// scraping the local cluster's ingress-nginx metrics every second while 50 requests a second flow through an Ingress
/// canary whose backend is bad — and by the local cluster's own Prometheus API, with the same verdicts. (The Istio
/// templates run end to end in <see cref="ProgressiveGateTests"/>.) Skipped where prometheus is not on the PATH.
/// </summary>
public class NginxTemplateTests
{
    [ToolFact("prometheus")]
    public async Task The_nginx_templates_queries_are_answered_by_prometheus_and_the_local_cluster_from_the_controller_s_metrics()
    {
        await using var c = await NginxCanaryScenario.StartAsync(weight: 50);
        await CanaryScenario.AnnotatePodsAsync(c, "v2", ResponseFaults.ErrorRateAnnotation, "0.3");
        await CanaryScenario.AnnotatePodsAsync(c, "v2", ResponseFaults.LatencyAnnotation, "800");
        c.Server.Traffic.Start(NginxCanaryScenario.ThroughIngress, 50, TimeSpan.FromMinutes(2));
        await using var prometheus = await RealPrometheus.StartAsync(c.Server.MetricsUrl);
        var local = new PrometheusEndpoint(c.Server.PrometheusUrl);
        var target = new TemplateTarget("nginx", "default", ["web-canary"], "v2", "web", TimeSpan.FromSeconds(3), Ingress: "web");
        var successRate = GateTemplates.Expand(GateTemplate.Parse("success-rate:min=0.99"), target);
        var latency = GateTemplates.Expand(GateTemplate.Parse("latency-p99:max=500ms"), target);
        Assert.Contains("canary!=\"\"", successRate.Query);

        foreach (var api in new[] { prometheus.Api, local })
        {
            var rate = await api.WaitForValueAsync(successRate.Query);
            var p99 = await api.WaitForValueAsync(latency.Query);
            Assert.InRange(rate!.Value, 0.5, 0.9);
            Assert.False(successRate.Check(rate.Value).Passed);
            Assert.InRange(p99!.Value, 500, 1000); // ms: 800 ms answers fall in the 0.5–1 s bucket
            Assert.False(latency.Check(p99.Value).Passed);
        }
        // The main backend's requests (canary="") stay healthy.
        Assert.Equal(1.0, await prometheus.WaitForValueAsync(
            "sum(rate(nginx_ingress_controller_requests{namespace=\"default\",ingress=\"web\",canary=\"\",status!~\"5..\"}[1m])) / sum(rate(nginx_ingress_controller_requests{namespace=\"default\",ingress=\"web\",canary=\"\"}[1m]))"));
    }
}
