using System.Text.Json.Nodes;
using Graylane.Core.Model;
using Graylane.Core.Planning;

namespace Graylane.Tests.Planning;

/// <summary>Which routes would be left on the retiring version, and how each is moved (everything else kept).</summary>
public class StrandedRoutePlannerTests
{
    private static readonly RetiringVersion Reviews = new("reviews", "reviews-v1", "v1", "v2",
        OldPods: new Dictionary<string, string> { ["app"] = "reviews", ["version"] = "v1" },
        NewPods: new Dictionary<string, string> { ["app"] = "reviews", ["version"] = "v2" },
        OldSelector: new Dictionary<string, string> { ["version"] = "v1" },
        NewSelector: new Dictionary<string, string> { ["version"] = "v2" });

    private static readonly RetiringVersion Web = new("web", "web", "5d8f7c9b4", "v2",
        OldPods: new Dictionary<string, string> { ["app"] = "web", ["pod-template-hash"] = "5d8f7c9b4" },
        NewPods: new Dictionary<string, string> { ["app"] = "web", ["version"] = "v2" },
        OldSelector: new Dictionary<string, string> { ["pod-template-hash"] = "5d8f7c9b4" },
        NewSelector: new Dictionary<string, string> { ["version"] = "v2" });

    private static JsonObject Json(string json) => JsonNode.Parse(json)!.AsObject();

    private static readonly JsonObject Rule = Json("""
        {"kind":"DestinationRule","metadata":{"name":"reviews","namespace":"shop"},
         "spec":{"host":"reviews.shop.svc.cluster.local","subsets":[{"name":"v1","labels":{"version":"v1"}},{"name":"canary","labels":{"version":"v2"}},{"name":"all","labels":{"app":"reviews"}}]}}
        """);

    private static JsonObject Service(string name, string selector) =>
        Json($$$"""{"kind":"Service","metadata":{"name":"{{{name}}}","namespace":"shop"},"spec":{"selector":{{{selector}}},"ports":[{"port":80}]}}""");

    [Fact]
    public void Only_services_selecting_the_old_pods_alone_are_stranded_and_the_routers_own_are_skipped()
    {
        var found = StrandedRoutePlanner.Services(
        [
            Service("reviews-v1", """{"app":"reviews","version":"v1"}"""),
            Service("reviews-all", """{"app":"reviews"}"""),          // keeps the new pods
            Service("reviews-v2", """{"version":"v2"}"""),
            Service("reviews", """{"app":"reviews","version":"v1"}"""), // the release's own: the router moves it
            Service("headless", "{}"),
        ], [Reviews], k => k.Name == "reviews");
        var f = Assert.Single(found);
        Assert.Equal(new ObjectKey("Service", "shop", "reviews-v1"), f.Object);
        Assert.Equal("selector app=reviews,version=v1", f.Route);
        Assert.Equal("selector app=reviews,version=v2", f.Move);
    }

    [Fact]
    public void A_moved_service_changes_only_its_version_keys_in_place()
    {
        var svc = Service("web-stable", """{"pod-template-hash":"5d8f7c9b4","app":"web"}""");
        Assert.Single(StrandedRoutePlanner.Services([svc], [Web], _ => false));
        var moved = StrandedRoutePlanner.MoveService(svc, Web);
        Assert.Equal("""{"app":"web","version":"v2"}""", moved["spec"]!["selector"]!.ToJsonString());
        Assert.Equal(svc["spec"]!["ports"]!.ToJsonString(), moved["spec"]!["ports"]!.ToJsonString());
    }

    [Fact]
    public void Ingress_rules_and_default_backends_on_a_stranded_service_follow_it()
    {
        var ingress = Json("""
            {"kind":"Ingress","metadata":{"name":"shop","namespace":"shop"},"spec":{
              "defaultBackend":{"service":{"name":"reviews-v1","port":{"number":80}}},
              "rules":[{"host":"shop.example.com","http":{"paths":[{"path":"/v1","backend":{"service":{"name":"reviews-v1"}}},{"path":"/","backend":{"service":{"name":"web"}}}]}}]}}
            """);
        var found = StrandedRoutePlanner.Ingresses([ingress], ["reviews-v1"]);
        Assert.Equal(["default backend", "rule shop.example.com/v1"], found.Select(f => f.Route));
        Assert.All(found, f => Assert.Equal("follows Service reviews-v1", f.Move));
    }

    [Fact]
    public void Http_tcp_and_tls_routes_to_the_old_subset_are_found_and_moved_to_the_subset_selecting_the_new_pods()
    {
        var vs = Json("""
            {"kind":"VirtualService","metadata":{"name":"reviews","namespace":"shop"},"spec":{"hosts":["reviews"],
              "http":[
                {"name":"chaos-test","match":[{"headers":{"x-chaos":{"exact":"true"}}}],"fault":{"delay":{"fixedDelay":"2s"}},"route":[{"destination":{"host":"reviews","subset":"v1"}}]},
                {"name":"primary","route":[{"destination":{"host":"reviews","subset":"v1"},"weight":0},{"destination":{"host":"reviews","subset":"canary"},"weight":100}]},
                {"name":"graylane-reviews-match-1","route":[{"destination":{"host":"reviews","subset":"v1"}}]},
                {"name":"everyone","route":[{"destination":{"host":"reviews","subset":"all"}}]},
                {"name":"mine","route":[{"destination":{"host":"reviews","subset":"v1"}}]},
                {"name":"ratings","route":[{"destination":{"host":"ratings","subset":"v1"}}]}],
              "tcp":[{"route":[{"destination":{"host":"reviews.shop.svc.cluster.local","subset":"v1","port":{"number":9090}}}]}],
              "tls":[{"match":[{"sniHosts":["reviews"]}],"route":[{"destination":{"host":"reviews","subset":"v1"},"weight":30},{"destination":{"host":"reviews","subset":"canary"},"weight":70}]}]}}
            """);
        bool Managed(JsonObject _, JsonObject route) => (string?)route["name"] == "mine";
        var found = StrandedRoutePlanner.VirtualServiceRoutes(vs, [Reviews], [Rule], Managed);
        Assert.Equal(["http route \"chaos-test\"", "tcp route #1 (unnamed)", "tls route #1 (unnamed)"], found.Select(f => f.Route));
        Assert.All(found, f => Assert.EndsWith("subset canary", f.Move));

        var moved = StrandedRoutePlanner.MoveVirtualService(vs, [Reviews], [Rule], Managed);
        var expected = (JsonObject)vs.DeepClone();
        expected["spec"]!["http"]![0]!["route"]![0]!["destination"]!["subset"] = "canary";
        expected["spec"]!["tcp"]![0]!["route"]![0]!["destination"]!["subset"] = "canary";
        expected["spec"]!["tls"]![0]!["route"]![0]!["destination"]!["subset"] = "canary";
        Assert.True(JsonNode.DeepEquals(expected, moved), moved.ToJsonString());
        Assert.Empty(StrandedRoutePlanner.VirtualServiceRoutes(moved, [Reviews], [Rule], Managed));
    }

    [Fact]
    public void A_route_with_no_subset_for_the_new_version_is_named_with_what_to_do()
    {
        var rule = Json("""{"kind":"DestinationRule","metadata":{"name":"reviews","namespace":"shop"},"spec":{"host":"reviews","subsets":[{"name":"v1","labels":{"version":"v1"}}]}}""");
        var vs = Json("""{"kind":"VirtualService","metadata":{"name":"reviews","namespace":"shop"},"spec":{"http":[{"name":"chaos","route":[{"destination":{"host":"reviews","subset":"v1"}}]}]}}""");
        var f = Assert.Single(StrandedRoutePlanner.VirtualServiceRoutes(vs, [Reviews], [rule], (_, _) => false));
        Assert.Null(f.Move);
        Assert.Contains("no DestinationRule subset for reviews selects only the v2 pods (version=v2)", f.Problem);
    }
}
