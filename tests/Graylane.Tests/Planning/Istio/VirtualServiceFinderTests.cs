using System.Text.Json.Nodes;
using Graylane.Core.Planning.Istio;
using Graylane.Core.Validation;
using Graylane.Tests.Support;
using static Graylane.Tests.Planning.Istio.IstioFixtures;

namespace Graylane.Tests.Planning.Istio;

public class VirtualServiceFinderTests
{
    private static JsonObject Edge() => J.O("""
        {'apiVersion':'networking.istio.io/v1','kind':'VirtualService','metadata':{'name':'catalog-edge','namespace':'shop'},
         'spec':{'hosts':['edge.example.com'],'gateways':['public'],
                 'http':[{'name':'all','route':[{'destination':{'host':'catalog.shop.svc.cluster.local','subset':'v1'}}]}]}}
        """);

    [Fact]
    public void The_only_virtual_service_routing_to_the_service_is_found()
    {
        Assert.Equal("reviews", (string?)VirtualServiceFinder.Find([Reviews(), Catalog()], null, "reviews", null, null)!["metadata"]!["name"]);
        Assert.Null(VirtualServiceFinder.Find([Catalog()], null, "ratings", null, null));
        Assert.Null(VirtualServiceFinder.Find([], "reviews", "reviews", null, null));
    }

    [Fact]
    public void Several_are_told_apart_by_name_gateway_or_host()
    {
        JsonObject[] all = [Catalog(), Edge()];
        var e = Assert.Throws<InvalidInputException>(() => VirtualServiceFinder.Find(all, null, "catalog", null, null));
        Assert.Equal("virtual-service", e.Input);
        Assert.Contains("2 VirtualServices route to Service catalog: catalog (hosts catalog, catalog.shop.svc.cluster.local, shop.example.com; gateways mesh, istio-system/public); catalog-edge", e.Message);

        Assert.Equal("catalog-edge", (string?)VirtualServiceFinder.Find(all, null, "catalog", "shop/public", null)!["metadata"]!["name"]);
        Assert.Equal("catalog", (string?)VirtualServiceFinder.Find(all, null, "catalog", "istio-system/public", null)!["metadata"]!["name"]);
        Assert.Equal("catalog", (string?)VirtualServiceFinder.Find(all, null, "catalog", null, "shop.example.com")!["metadata"]!["name"]);
        Assert.Equal("catalog", (string?)VirtualServiceFinder.Find(all, null, "catalog", "mesh", null)!["metadata"]!["name"]);
        // No gateways listed: the VirtualService applies to the mesh's sidecars, so --gateway mesh finds it.
        Assert.Equal("reviews", (string?)VirtualServiceFinder.Find([Reviews(), Edge()], null, "reviews", "mesh", null)!["metadata"]!["name"]);
        Assert.Equal("catalog-edge", (string?)VirtualServiceFinder.Find(all, "catalog-edge", "catalog", null, null)!["metadata"]!["name"]);
        Assert.Equal("gateway", Assert.Throws<InvalidInputException>(() => VirtualServiceFinder.Find(all, null, "catalog", "other", null)).Input);
        Assert.Contains("does not exist, but catalog, catalog-edge", Assert.Throws<InvalidInputException>(() =>
            VirtualServiceFinder.Find(all, "catalgo", "catalog", null, null)).Message);
    }
}
