using Graylane.Core.Json;
using Graylane.LocalCluster.Routing;
using Graylane.Tests.Support;

namespace Graylane.Tests.Workflows;

/// <summary>The edge-router examples' seeds (in namespace shop) and what requests through the Gateway or the controller see.</summary>
public static class EdgeExampleChecks
{
    public static string GatewaySeed => GatewayShop.Yaml;
    public static string NginxSeed => NginxShop.Yaml;

    /// <summary>Which versions serve count requests through the edge (gateway-api: Gateway infra/public; nginx: Ingress web).</summary>
    public static Dictionary<string, int> Served(ExampleCluster cluster, string router, int count = 40, Dictionary<string, string>? headers = null)
    {
        var request = router == "nginx"
            ? new RouteRequest(cluster.Namespace, NginxShop.Host, headers ?? [], new Dictionary<string, string>(), new Dictionary<string, string>()) { Ingress = "web" }
            : GatewayShop.Request(headers: headers, ns: cluster.Namespace);
        return cluster.Fixture.Server.Router.RouteMany(request, count)
            .GroupBy(p => p.Error is null && p.Hops.Count > 0 ? p.Hops[0].Version ?? "?" : "error").ToDictionary(g => g.Key, g => g.Count());
    }

    /// <summary>The user's routing object (HTTPRoute or Ingress web) without server fields: what must be as the user wrote it at the end.</summary>
    public static string UserRouting(ExampleCluster cluster, string router) => ServerFields.Strip(router == "nginx"
        ? cluster.Get("networking.k8s.io/v1", "Ingress", "web")!
        : cluster.Get("gateway.networking.k8s.io/v1", "HTTPRoute", "web")!).ToJsonString();

    /// <summary>What the example promises at the end of a promoted release: v2 behind the user's own routing, Graylane's objects gone.</summary>
    public static void Promoted(ExampleCluster cluster, string router, string routingBefore)
    {
        Assert.Equal("v2", cluster.Selector("web"));
        Assert.Equal(0, cluster.Replicas("web"));
        Assert.Null(cluster.Get("v1", "Service", "web-v2"));
        Assert.Null(cluster.Get("networking.k8s.io/v1", "Ingress", "web-canary"));
        Assert.Equal(routingBefore, UserRouting(cluster, router));
        Assert.Equal(new Dictionary<string, int> { ["v2"] = 40 }, Served(cluster, router));
    }
}
