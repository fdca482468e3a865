using System.Text.Json.Nodes;
using Graylane.Core.Planning.Istio;
using Graylane.LocalCluster.Routing;
using Graylane.Tests.Support;
using static Graylane.Tests.Planning.Istio.IstioFixtures;

namespace Graylane.Tests.Planning.Istio;

/// <summary>
/// Istio's first-match rule, run by the local cluster's request router: Graylane's match routes send matching
/// requests to gray only where the managed route served them; every request other routes serve goes where it went.
/// </summary>
public class FirstMatchRoutingTests
{
    private static IEnumerable<JsonObject> Cluster()
    {
        JsonObject Service(string name, int port, string app) =>
            J.O($"{{'apiVersion':'v1','kind':'Service','metadata':{{'name':'{name}','namespace':'shop'}},'spec':{{'selector':{{'app':'{app}'}},'ports':[{{'port':{port}}}]}}}}");
        JsonObject Pod(string name, string app, string version) =>
            J.O($"{{'apiVersion':'v1','kind':'Pod','metadata':{{'name':'{name}','namespace':'shop','labels':{{'app':'{app}','version':'{version}'}}}},'status':{{'phase':'Running'}}}}");
        yield return Service("catalog", 80, "catalog");
        yield return Service("catalog-admin", 8080, "catalog-admin");
        yield return Service("catalog-legacy", 80, "catalog-legacy");
        yield return Pod("catalog-v1-a", "catalog", "v1");
        yield return Pod("catalog-v2-a", "catalog", "v2");
        yield return Pod("catalog-admin-a", "catalog-admin", "v1");
        yield return Pod("catalog-legacy-a", "catalog-legacy", "legacy");
        var dr = DestinationRulePlanner.Create("catalog", "shop", "catalog", "version", [("v1", "v1"), ("v2", "v2")]);
        yield return dr;
    }

    private static string Send(JsonObject vs, string path, string headers = "", string cookies = "")
    {
        static Dictionary<string, string> Map(string s) => s.Split(';', StringSplitOptions.RemoveEmptyEntries)
            .Select(p => p.Split('=', 2)).ToDictionary(p => p[0].Trim(), p => p[1].Trim());
        var router = new RequestRouter(new InMemoryClusterView(Cluster().Append(vs)), new Random(7));
        return router.Route(new RouteRequest("shop", "catalog", Map(headers), Map(cookies), new Dictionary<string, string>(), path)).Text;
    }

    [Theory]
    // request                                                            before                       after
    [InlineData("/admin", "x-canary=true", "", "-> catalog(!) fault abort 403", "-> catalog(!) fault abort 403")]
    [InlineData("/api/items", "x-beta=1;x-canary=true", "", "-> catalog(v1)", "-> catalog(v1)")]
    [InlineData("/api/items", "x-canary=true", "", "-> catalog(v1)", "-> catalog(v2)")]
    [InlineData("/api/items", ":method=POST;x-canary=true", "", "-> catalog-legacy(legacy)", "-> catalog-legacy(legacy)")]
    [InlineData("/api/items", ":method=POST;x-client=mobile-ios;x-canary=true", "", "-> catalog(v1)", "-> catalog(v2)")]
    [InlineData("/other", "x-canary=true", "", "-> catalog-legacy(legacy)", "-> catalog-legacy(legacy)")]
    [InlineData("/api/items?name=xiaoming", "", "", "-> catalog(v1)", "-> catalog(v2)")]
    [InlineData("/other?name=xiaoming", "", "user=qa-1", "-> catalog-legacy(legacy)", "-> catalog-legacy(legacy)")]
    [InlineData("/api/items", "", "sid=1;user=qa-1", "-> catalog(v1)", "-> catalog(v2)")]
    [InlineData("/api/items", "", "user=dev-1", "-> catalog(v1)", "-> catalog(v1)")]
    [InlineData("/api/items", "x-canary=false", "", "-> catalog(v1)", "-> catalog(v1)")]
    public void Match_routes_catch_only_what_the_managed_route_served(string path, string headers, string cookies, string before, string after)
    {
        var original = Catalog();
        var planned = VirtualServicePlanner.Plan(original, CatalogApiRoute, CatalogTarget,
            Shift(0, "header:x-canary=true | query:name=xiaoming | cookie:user^=qa-"));
        Assert.Equal(before, Send(original, path, headers, cookies));
        Assert.Equal(after, Send(planned, path, headers, cookies));
    }

    [Fact]
    public void Weights_split_the_managed_routes_traffic()
    {
        var planned = VirtualServicePlanner.Plan(Catalog(), CatalogApiRoute, CatalogTarget, Shift(20, mirror: 50));
        var router = new RequestRouter(new InMemoryClusterView(Cluster().Append(planned)), new Random(11));
        var paths = router.RouteMany(new RouteRequest("shop", "catalog", new Dictionary<string, string>(),
            new Dictionary<string, string>(), new Dictionary<string, string>(), "/api/x"), 1000);
        var gray = paths.Count(p => p.Text == "-> catalog(v2)");
        Assert.Equal(1000, gray + paths.Count(p => p.Text == "-> catalog(v1)"));
        Assert.InRange(gray, 140, 260);
        var mirrored = paths.Count(p => p.Mirrors.Any(m => m.Version == "v2"));
        Assert.InRange(mirrored, 400, 600);
        // /other is not the managed route's traffic: neither split nor mirrored.
        var other = router.RouteMany(RouteRequest.To("shop", "catalog") with { Path = "/other" }, 50);
        Assert.All(other, p => Assert.Equal("-> catalog-legacy(legacy)", p.Text));
        Assert.All(other, p => Assert.Empty(p.Mirrors));
    }
}
