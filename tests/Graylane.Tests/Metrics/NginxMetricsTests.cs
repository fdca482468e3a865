using Graylane.LocalCluster.Metrics;

namespace Graylane.Tests.Metrics;

/// <summary>Requests through an ingress-nginx canary counted as the controller counts them: by main Ingress and Service, canary upstream, status.</summary>
public class NginxMetricsTests
{
    [Fact]
    public async Task Requests_through_the_ingress_are_counted_with_the_canary_upstream_on_those_the_canary_served()
    {
        await using var c = await NginxCanaryScenario.StartAsync(weight: 30);
        await CanaryScenario.AnnotatePodsAsync(c, "v2", ResponseFaults.ErrorRateAnnotation, "0.5");

        var served = c.Server.Serve(NginxCanaryScenario.ThroughIngress, 200);

        var toCanary = served.Count(s => s.Path.Hops[0].Version == "v2");
        Assert.InRange(toCanary, 30, 90);
        var m = await CanaryScenario.ScrapeAsync(c);
        (string, string)[] main = [("namespace", "default"), ("ingress", "web"), ("service", "web"), ("path", "/"), ("method", "GET")];
        Assert.Equal(200 - toCanary, m.Sum(NginxLabels.Requests, [.. main, ("canary", ""), ("status", "200")]));
        Assert.Equal(toCanary / 2, m.Sum(NginxLabels.Requests, [.. main, ("canary", "default-web-canary-80"), ("status", "503")]));
        Assert.Equal(toCanary - toCanary / 2, m.Sum(NginxLabels.Requests, [.. main, ("canary", "default-web-canary-80"), ("status", "200")]));
        Assert.Equal(200, m.Sum(NginxLabels.Requests, ("controller_class", "k8s.io/ingress-nginx")));
        Assert.Equal(200, m.Sum(NginxLabels.Duration + "_bucket", ("le", "0.025"))); // 1–20 ms, in seconds
        // The backends' sidecars (if meshed) would count them too; the controller is outside the mesh.
        Assert.Equal(toCanary, m.Sum(IstioLabels.RequestsTotal, ("destination_workload", "web-canary"), ("source_workload", "unknown")));
    }

    [Fact]
    public async Task Requests_to_services_without_an_ingress_are_not_counted_as_ingress_requests()
    {
        await using var c = await NginxCanaryScenario.StartAsync(weight: 30);

        c.Server.Serve(Graylane.LocalCluster.Routing.RouteRequest.To("default", "web"), 20);

        var m = await CanaryScenario.ScrapeAsync(c);
        Assert.Equal(0, m.Sum(NginxLabels.Requests));
        Assert.Equal(20, m.Sum(IstioLabels.RequestsTotal, ("destination_workload", "web")));
    }
}
