using Graylane.LocalCluster.Routing;
using Graylane.Tests.Manifests;
using Graylane.Tests.Support;

namespace Graylane.Tests.Steps;

/// <summary>
/// A VirtualService as Istio's docs write them (bookinfo's test route for one user with fault injection, then the route
/// for everyone), neither naming a subset. In subset mode the gray pods run behind the Service, so the tester's route would
/// send them half of its requests at weight 0: deploy-gray refuses before writing anything and says how to go on.
/// </summary>
public sealed class IstioUnsubsettedRouteTests
{
    private const string VirtualService = """
        apiVersion: networking.istio.io/v1
        kind: VirtualService
        metadata:
          name: web
        spec:
          hosts:
          - web
          http:
          - name: jason
            match:
            - headers:
                end-user:
                  exact: jason
            fault:
              delay:
                percentage:
                  value: 100.0
                fixedDelay: 7s
            route:
            - destination:
                host: web
          - name: primary
            route:
            - destination:
                host: web
            timeout: 10s
        """;

    [ToolFact("kubectl")]
    public async Task A_route_to_the_service_without_a_subset_is_refused_before_the_gray_starts()
    {
        await using var m = await ManifestCluster.StartAsync(seed: null);
        m.Write("k8s/00-config.yaml", ShopRepository.Config("hello-v1"));
        m.Write("k8s/10-deployment.yaml", ShopRepository.Deployment("registry.example.com/shop/web:1.0", "blue"));
        m.Write("k8s/20-service.yaml", ShopRepository.Service);
        m.Write("k8s/30-istio.yaml", VirtualService);
        var (exit, output, error) = await m.KubectlAsync("apply", "-f", Path.Combine(m.Dir, "k8s"));
        Assert.True(exit == 0, output + error);
        await m.Cluster.WaitReadyAsync("web");
        var vs = m.Get("networking.istio.io/v1", "VirtualService", "web")!.ToJsonString();
        var writes = await m.Cluster.WritesAsync();

        var (code, host) = await m.RunAsync("deploy-gray", ("router", "istio"), ("service", "web"), ("route", "primary"),
            ("image", "registry.example.com/shop/web:1.1"), ("version", "v2"));

        Assert.True(code == 2, host.Log);
        Assert.Contains("route \"jason\" sends to Service web without a subset", host.Log);
        Assert.Contains("--canary-service", host.Log);
        Assert.Equal(writes, await m.Cluster.WritesAsync());
        Assert.Equal(vs, m.Get("networking.istio.io/v1", "VirtualService", "web")!.ToJsonString());
        Assert.Null(m.Cluster.Deployment("web-v2"));
        var tester = RouteRequest.To("default", "web") with { Headers = new Dictionary<string, string> { ["end-user"] = "jason" } };
        Assert.All(m.Cluster.Server.Router.RouteMany(tester, 20), p => Assert.Equal("web", p.Hops[0].Workload));
    }
}
