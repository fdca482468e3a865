using Graylane.Approvals.Gates;
using Graylane.LocalCluster.Metrics;
using Graylane.Tests.Support;

namespace Graylane.Tests.Metrics;

/// <summary>
/// The ingress-nginx templates' queries (success-rate, latency-p99 for --router nginx) answered by a real Prometheus
/// scraping the local cluster's ingress-nginx metrics every second while 50 requests a second flow through an Ingress
/// canary whose backend is bad. (The Istio templates run end to end in Progressive/ProgressivePrometheusTests.) Skipped
/// where prometheus is not on the PATH.
/// </summary>
public class NginxTemplatePrometheusTests
{
    [ToolFact("prometheus")]
    public async Task The_nginx_templates_queries_are_answered_by_prometheus_from_the_controller_s_metrics()
    {
        await using var c = await NginxCanaryScenario.StartAsync(weight: 50);
        await CanaryScenario.AnnotatePodsAsync(c, "v2", ResponseFaults.ErrorRateAnnotation, "0.3");
        await CanaryScenario.AnnotatePodsAsync(c, "v2", ResponseFaults.LatencyAnnotation, "800");
        c.Server.Traffic.Start(NginxCanaryScenario.ThroughIngress, 50, TimeSpan.FromMinutes(2));
        await using var prometheus = await RealPrometheus.StartAsync(c.Server.MetricsUrl);
        var target = new TemplateTarget("nginx", "default", ["web-canary"], "v2", "web", TimeSpan.FromSeconds(3), Ingress: "web");
        var successRate = GateTemplates.Expand(GateTemplate.Parse("success-rate:min=0.99"), target);
        var latency = GateTemplates.Expand(GateTemplate.Parse("latency-p99:max=500ms"), target);

        var rate = await prometheus.WaitForValueAsync(successRate.Query);
        var p99 = await prometheus.WaitForValueAsync(latency.Query);

        Assert.Contains("canary!=\"\"", successRate.Query);
        Assert.InRange(rate!.Value, 0.5, 0.9);
        Assert.False(successRate.Check(rate.Value).Passed);
        Assert.InRange(p99!.Value, 500, 1000); // ms: 800 ms answers fall in the 0.5–1 s bucket
        Assert.False(latency.Check(p99.Value).Passed);
        // The main backend's requests (canary="") stay healthy.
        Assert.Equal(1.0, await prometheus.WaitForValueAsync(
            "sum(rate(nginx_ingress_controller_requests{namespace=\"default\",ingress=\"web\",canary=\"\",status!~\"5..\"}[1m])) / sum(rate(nginx_ingress_controller_requests{namespace=\"default\",ingress=\"web\",canary=\"\"}[1m]))"));
    }
}
