using System.Text.Json.Nodes;
using Graylane.Core.Json;
using Graylane.Core.Planning.Istio;
using Graylane.Core.Validation;
using static Graylane.Tests.Planning.Istio.IstioFixtures;

namespace Graylane.Tests.Planning.Istio;

public class VirtualServicePlannerTests
{
    private static string Text(JsonNode? n) => n?.ToJsonString() ?? "null";

    private static string[] Names(JsonObject vs) => Http(vs).Select(r => (string?)r!["name"] ?? "").ToArray();

    [Fact]
    public void Bookinfo_reviews_splits_50_50_between_subsets()
    {
        var vs = Reviews();
        var planned = VirtualServicePlanner.Plan(vs, VirtualServicePlanner.FindRoute(vs, null, "reviews"), ReviewsTarget, Shift(50, app: "reviews"));

        Assert.Equal(
            """[{"route":[{"destination":{"host":"reviews","subset":"v1"},"weight":50},{"destination":{"host":"reviews","subset":"v2"},"weight":50}]}]""",
            Text(planned["spec"]!["http"]));
        Assert.Equal(Text(vs["metadata"]), Text(planned["metadata"]));
        Assert.Equal(Text(vs["spec"]!["hosts"]), Text(planned["spec"]!["hosts"]));
        Assert.Equal(Text(Reviews()), Text(vs)); // the input is not changed
    }

    [Fact]
    public void Everything_but_the_managed_route_survives_byte_for_byte()
    {
        var vs = Catalog();
        var planned = VirtualServicePlanner.Plan(vs, CatalogApiRoute, CatalogTarget,
            Shift(20, "header:x-canary=true | query:name=xiaoming,cookie:user^=qa-", mirror: 10, setHeader: "x-gray=yes"));

        foreach (var name in new[] { "admin", "beta", "legacy" }) Assert.Equal(Text(Route(vs, name)), Text(Route(planned, name)));
        Assert.Equal(Text(vs["metadata"]), Text(planned["metadata"]));
        foreach (var key in new[] { "hosts", "gateways", "exportTo", "tcp" }) Assert.Equal(Text(vs["spec"]![key]), Text(planned["spec"]![key]));
        Assert.Equal(Text(vs["apiVersion"]), Text(planned["apiVersion"]));

        // The managed route keeps its own fields; only route and mirror change.
        var before = Route(vs, "api");
        var after = Route(planned, "api");
        foreach (var key in new[] { "name", "match", "retries", "timeout", "headers", "rewrite" }) Assert.Equal(Text(before[key]), Text(after[key]));
        Assert.Equal(
            """[{"destination":{"host":"catalog.shop.svc.cluster.local","subset":"v1","port":{"number":80}},"headers":{"response":{"set":{"x-served-by":"catalog"}}},"weight":80},""" +
            """{"destination":{"host":"catalog.shop.svc.cluster.local","subset":"v2","port":{"number":80}},"headers":{"response":{"set":{"x-served-by":"catalog"}},"request":{"set":{"x-gray":"yes"}}},"weight":20}]""",
            Text(after["route"]));
        Assert.Equal("""{"host":"catalog.shop.svc.cluster.local","subset":"v2","port":{"number":80}}""", Text(after["mirror"]));
        Assert.Equal("""{"value":10}""", Text(after["mirrorPercentage"]));
        Assert.Equal(["name", "match", "retries", "timeout", "headers", "rewrite", "route", "mirror", "mirrorPercentage"], after.Select(kv => kv.Key));
    }

    [Fact]
    public void Match_routes_go_immediately_before_the_managed_route_and_only_narrow_its_match()
    {
        var planned = VirtualServicePlanner.Plan(Catalog(), CatalogApiRoute, CatalogTarget,
            Shift(0, "header:x-canary=true | query:name=xiaoming", setHeader: "x-gray=yes"));

        Assert.Equal(["admin", "beta", "graylane-catalog-match-1", "graylane-catalog-match-2", "api", "legacy"], Names(planned));
        var first = Route(planned, "graylane-catalog-match-1");
        // Cross product: the api route's two entries, each AND the user's rule.
        Assert.Equal(
            """[{"uri":{"prefix":"/api"},"method":{"exact":"GET"},"headers":{"x-canary":{"exact":"true"}}},""" +
            """{"uri":{"prefix":"/api"},"headers":{"x-client":{"prefix":"mobile"},"x-canary":{"exact":"true"}}}]""",
            Text(first["match"]));
        Assert.Equal(
            """[{"uri":{"prefix":"/api"},"method":{"exact":"GET"},"queryParams":{"name":{"exact":"xiaoming"}}},""" +
            """{"uri":{"prefix":"/api"},"headers":{"x-client":{"prefix":"mobile"}},"queryParams":{"name":{"exact":"xiaoming"}}}]""",
            Text(Route(planned, "graylane-catalog-match-2")["match"]));
        // Treated as the api route treats traffic (retries, timeout, rewrite, header ops), sent 100% to gray, tagged.
        Assert.Equal(Text(Route(Catalog(), "api")["retries"]), Text(first["retries"]));
        Assert.Equal(Text(Route(Catalog(), "api")["rewrite"]), Text(first["rewrite"]));
        Assert.Equal("""{"request":{"set":{"x-route":"api","x-gray":"yes"}},"response":{"remove":["server"]}}""", Text(first["headers"]));
        Assert.Equal(
            """[{"destination":{"host":"catalog.shop.svc.cluster.local","subset":"v2","port":{"number":80}},"headers":{"response":{"set":{"x-served-by":"catalog"}}}}]""",
            Text(first["route"]));
        Assert.Null(first["mirror"]);
    }

    [Fact]
    public void A_route_without_match_gets_the_users_match_alone()
    {
        var planned = VirtualServicePlanner.Plan(Reviews(), 0, ReviewsTarget, Shift(0, "header:end-user=jason", app: "reviews"));
        Assert.Equal(["graylane-reviews-match-1", ""], Names(planned));
        Assert.Equal("""[{"headers":{"end-user":{"exact":"jason"}}}]""", Text(Http(planned)[0]!["match"]));
        Assert.Equal("""[{"destination":{"host":"reviews","subset":"v2"}}]""", Text(Http(planned)[0]!["route"]));
    }

    [Fact]
    public void Weights_move_up_and_back_down_and_read_back()
    {
        var original = Catalog();
        var vs = original;
        foreach (var w in new[] { 10, 20, 50, 100, 0 })
        {
            vs = VirtualServicePlanner.Plan(vs, vs == original ? CatalogApiRoute : Array.IndexOf(Names(vs), "api"), CatalogTarget, Shift(w, "header:x-canary=true"));
            var read = VirtualServicePlanner.ReadWeights(vs, "api", CatalogTarget, "catalog");
            Assert.Equal(new IstioWeights(100 - w, w, 0, null, 1), read);
            Assert.True(read.Satisfies(Shift(w, "header:x-canary=true")));
            Assert.False(read.Satisfies(Shift(w == 0 ? 5 : 0, "header:x-canary=true")));
            foreach (var name in new[] { "admin", "beta", "legacy" }) Assert.Equal(Text(Route(original, name)), Text(Route(vs, name)));
        }
        Assert.Equal(Names(VirtualServicePlanner.Plan(original, CatalogApiRoute, CatalogTarget, Shift(0, "header:x-canary=true"))), Names(vs));
    }

    [Fact]
    public void Planning_twice_gives_an_equal_object()
    {
        var shift = Shift(30, "header:x-canary=true | cookie:user=qa,query:debug=1", mirror: 12.5, setHeader: "x-gray=yes");
        var once = VirtualServicePlanner.Plan(Catalog(), CatalogApiRoute, CatalogTarget, shift);
        var twice = VirtualServicePlanner.Plan(once, Array.IndexOf(Names(once), "api"), CatalogTarget, shift);
        Assert.Equal(Text(once), Text(twice));
        Assert.Equal(12.5, VirtualServicePlanner.ReadWeights(twice, "api", CatalogTarget, "catalog").MirrorPercent);
    }

    [Fact]
    public void Fewer_matches_on_a_rerun_drop_the_extra_routes_and_other_apps_routes_stay()
    {
        var vs = VirtualServicePlanner.Plan(Catalog(), CatalogApiRoute, CatalogTarget, Shift(0, "header:x-a=1", app: "catalog-api"));
        vs = VirtualServicePlanner.Plan(vs, Array.IndexOf(Names(vs), "api"), CatalogTarget, Shift(0, "header:x-b=1 | header:x-c=1"));
        vs = VirtualServicePlanner.Plan(vs, Array.IndexOf(Names(vs), "api"), CatalogTarget, Shift(0, "header:x-b=1"));
        Assert.Equal(["admin", "beta", "graylane-catalog-api-match-1", "graylane-catalog-match-1", "api", "legacy"], Names(vs));
    }

    [Fact]
    public void Mirror_goes_on_and_off_and_a_users_own_mirror_is_kept()
    {
        var on = VirtualServicePlanner.Plan(Catalog(), CatalogApiRoute, CatalogTarget, Shift(0, mirror: 25));
        Assert.Equal(25, VirtualServicePlanner.ReadWeights(on, CatalogApiRoute, CatalogTarget, "catalog").MirrorPercent);
        var off = VirtualServicePlanner.Plan(on, CatalogApiRoute, CatalogTarget, Shift(0, mirror: 0));
        Assert.Null(Route(off, "api")["mirror"]);
        Assert.Null(Route(off, "api")["mirrorPercentage"]);
        Assert.Null(VirtualServicePlanner.ReadWeights(off, CatalogApiRoute, CatalogTarget, "catalog").MirrorPercent);

        var users = Catalog();
        Route(users, "api")["mirror"] = new JsonObject { ["host"] = "audit" };
        var kept = VirtualServicePlanner.Plan(users, CatalogApiRoute, CatalogTarget, Shift(10));
        Assert.Equal("""{"host":"audit"}""", Text(Route(kept, "api")["mirror"]));
        var e = Assert.Throws<InvalidInputException>(() => VirtualServicePlanner.Plan(users, CatalogApiRoute, CatalogTarget, Shift(10, mirror: 5)));
        Assert.Equal("mirror", e.Input);
        Assert.Contains("already mirrors to audit", e.Message);
    }

    [Fact]
    public void Promote_removes_graylanes_routes_and_points_the_route_at_the_new_version()
    {
        var original = Catalog();
        var full = VirtualServicePlanner.Plan(original, CatalogApiRoute, CatalogTarget, Shift(100, "header:x-canary=true", mirror: 10, setHeader: "x-gray=yes"));
        var promoted = VirtualServicePlanner.RemoveManaged(full, "catalog", Array.IndexOf(Names(full), "api"), CatalogTarget);

        Assert.Equal(Names(original), Names(promoted));
        var expected = Catalog();
        Route(expected, "api")["route"]![0]!["destination"]!["subset"] = "v2";
        Assert.Equal(Text(expected), Text(promoted));
        Assert.Equal(new IstioWeights(0, 100, 0, null, 0), VirtualServicePlanner.ReadWeights(promoted, "api", CatalogTarget, "catalog"));
    }

    [Fact]
    public void Remove_without_a_target_only_drops_the_match_routes()
    {
        var planned = VirtualServicePlanner.Plan(Catalog(), CatalogApiRoute, CatalogTarget, Shift(30, "header:x-canary=true"));
        var removed = VirtualServicePlanner.RemoveManaged(planned, "catalog");
        Assert.Equal(Names(Catalog()), Names(removed));
        Assert.Equal(Text(Route(planned, "api")), Text(Route(removed, "api")));
    }

    [Fact]
    public void Host_mode_splits_between_two_services_keeping_the_port()
    {
        var target = IstioTarget.Hosts("catalog", "catalog-canary");
        var vs = Catalog();
        Route(vs, "api")["route"] = JsonNode.Parse("""[{"destination":{"host":"catalog","port":{"number":80}}}]""");
        var planned = VirtualServicePlanner.Plan(vs, CatalogApiRoute, target, Shift(40));
        Assert.Equal(
            """[{"destination":{"host":"catalog","port":{"number":80}},"weight":60},{"destination":{"host":"catalog-canary","port":{"number":80}},"weight":40}]""",
            Text(Route(planned, "api")["route"]));
        Assert.Equal(new IstioWeights(60, 40, 0, null, 0), VirtualServicePlanner.ReadWeights(planned, "api", target, "catalog"));
    }

    [Fact]
    public void Find_route_discovers_the_single_candidate_in_any_host_form()
    {
        Assert.Equal(0, VirtualServicePlanner.FindRoute(Reviews(), null, "reviews"));
        Assert.Equal(0, VirtualServicePlanner.FindRoute(Reviews(), null, "reviews.demo-project.svc.cluster.local"));
        Assert.Equal(0, VirtualServicePlanner.FindRoute(Reviews(), null, "reviews.demo-project"));
        Assert.Equal(CatalogApiRoute, VirtualServicePlanner.FindRoute(Catalog(), "api", "catalog"));

        // Graylane's own routes are never candidates.
        var planned = VirtualServicePlanner.Plan(Reviews(), 0, ReviewsTarget, Shift(10, "header:x-canary=true", app: "reviews"));
        Assert.Equal(1, VirtualServicePlanner.FindRoute(planned, null, "reviews"));
        Assert.Equal("route", Assert.Throws<InvalidInputException>(() => VirtualServicePlanner.FindRoute(planned, "graylane-reviews-match-1", "reviews")).Input);
    }

    [Theory]
    [InlineData(null, "ratings", "virtual-service", "VirtualService shop/catalog does not route to Service ratings: its routes go to catalog-admin, catalog, catalog.shop.svc.cluster.local, catalog-legacy")]
    [InlineData(null, "catalog.other", "virtual-service", "does not route to Service catalog.other")]
    [InlineData(null, "catalog", "route", "has 2 routes to Service catalog: \"beta\", \"api\"; choose one with --route")]
    [InlineData("legacy", "catalog", "route", "does not route to Service catalog: it goes to catalog-legacy")]
    [InlineData("nope", "catalog", "route", "has no route of that name; its routes are \"admin\", \"beta\", \"api\", \"legacy\"")]
    public void Find_route_errors_say_what_is_there(string? route, string service, string input, string message)
    {
        var e = Assert.Throws<InvalidInputException>(() => VirtualServicePlanner.FindRoute(Catalog(), route, service));
        Assert.Equal(input, e.Input);
        Assert.Contains(message, e.Message);
    }

    [Fact]
    public void Bad_shifts_are_refused_before_anything_is_planned()
    {
        Assert.Equal("weight", Assert.Throws<InvalidInputException>(() => VirtualServicePlanner.Plan(Catalog(), 2, CatalogTarget, Shift(101))).Input);
        Assert.Equal("weight", Assert.Throws<InvalidInputException>(() => VirtualServicePlanner.Plan(Catalog(), 2, CatalogTarget, Shift(-1))).Input);
        Assert.Equal("mirror", Assert.Throws<InvalidInputException>(() => VirtualServicePlanner.Plan(Catalog(), 2, CatalogTarget, Shift(1, mirror: 150))).Input);
        Assert.Equal("app", Assert.Throws<InvalidInputException>(() => VirtualServicePlanner.Plan(Catalog(), 2, CatalogTarget, Shift(1, app: "Bad_App"))).Input);
        Assert.Equal("set-header", Assert.Throws<InvalidInputException>(() => SetHeaderParser.Parse("x-a\n=1")).Input);
        Assert.Equal("set-header", Assert.Throws<InvalidInputException>(() => SetHeaderParser.Parse("host=evil")).Input);
    }

    [Fact]
    public void A_route_that_also_goes_elsewhere_or_nowhere_cannot_be_managed()
    {
        var vs = Catalog();
        ((JsonArray)Route(vs, "api")["route"]!).Add(JsonNode.Parse("""{"destination":{"host":"catalog-legacy"},"weight":10}"""));
        var e = Assert.Throws<InvalidInputException>(() => VirtualServicePlanner.Plan(vs, CatalogApiRoute, CatalogTarget, Shift(10)));
        Assert.Contains("also sends traffic to catalog-legacy", e.Message);

        var redirect = Catalog();
        Route(redirect, "api").Remove("route");
        Route(redirect, "api")["redirect"] = new JsonObject { ["uri"] = "/v2" };
        Assert.Contains("has no destinations", Assert.Throws<InvalidInputException>(() =>
            VirtualServicePlanner.Plan(redirect, CatalogApiRoute, CatalogTarget, Shift(10))).Message);
    }

    [Fact]
    public void A_match_that_contradicts_the_routes_own_match_is_refused_and_an_equal_one_merges()
    {
        var beta = Array.IndexOf(Names(Catalog()), "beta");
        var e = Assert.Throws<InvalidInputException>(() => VirtualServicePlanner.Plan(Catalog(), beta, CatalogTarget, Shift(0, "header:x-beta=2")));
        Assert.Equal("match", e.Input);
        Assert.Contains("which route \"beta\" already tests", e.Message);

        var same = VirtualServicePlanner.Plan(Catalog(), beta, CatalogTarget, Shift(0, "header:x-beta=1"));
        Assert.Equal("""[{"headers":{"x-beta":{"exact":"1"}}},{"queryParams":{"beta":{"exact":"1"}},"headers":{"x-beta":{"exact":"1"}}}]""",
            Text(Route(same, "graylane-catalog-match-1")["match"]));
    }

    [Fact]
    public void Drift_names_what_someone_changed_and_ignores_metadata_and_status()
    {
        var expected = VirtualServicePlanner.Plan(Catalog(), CatalogApiRoute, CatalogTarget, Shift(20, "header:x-canary=true"));
        var actual = Obj.Clone(expected);
        actual["metadata"]!["resourceVersion"] = "9999";
        actual["status"] = JsonNode.Parse("""{"observedGeneration":4}""");
        Route(actual, "api")["route"]![0]!["weight"] = JsonValue.Create(80.0);
        Assert.Empty(VirtualServicePlanner.DetectDrift(expected, actual));

        Route(actual, "api")["route"]![0]!["weight"] = 65;
        Route(actual, "api")["route"]![1]!["weight"] = 35;
        Route(actual, "legacy")["timeout"] = "3s";
        Http(actual).RemoveAt(Array.IndexOf(Names(actual), "graylane-catalog-match-1"));
        Assert.Equal(
        [
            "spec.http: item \"graylane-catalog-match-1\" is missing",
            "spec.http[api].route[0].weight: expected 80, found 65",
            "spec.http[api].route[1].weight: expected 20, found 35",
            "spec.http[legacy].timeout: not expected, found \"3s\"",
        ], VirtualServicePlanner.DetectDrift(expected, actual));
    }

    [Fact]
    public void Creates_a_virtual_service_when_there_is_none()
    {
        var vs = VirtualServicePlanner.CreateVirtualService("reviews", "demo-project", ReviewsTarget, "reviews", null, null);
        Assert.Equal(
            """{"apiVersion":"networking.istio.io/v1","kind":"VirtualService","metadata":{"name":"reviews","namespace":"demo-project","labels":{"app.kubernetes.io/managed-by":"graylane"}}""" +
            ""","spec":{"hosts":["reviews"],"http":[{"name":"primary","route":[{"destination":{"host":"reviews","subset":"v1"}}]}]}}""",
            Text(vs));
        var index = VirtualServicePlanner.FindRoute(vs, null, "reviews");
        Assert.Equal(new IstioWeights(70, 30, 0, null, 0),
            VirtualServicePlanner.ReadWeights(VirtualServicePlanner.Plan(vs, index, ReviewsTarget, Shift(30, app: "reviews")), index, ReviewsTarget, "reviews"));

        var gw = VirtualServicePlanner.CreateVirtualService("shop", "shop", CatalogTarget, "catalog", ["istio-system/public"], ["shop.example.com"]);
        Assert.Equal("""["istio-system/public"]""", Text(gw["spec"]!["gateways"]));
        Assert.Equal("host", Assert.Throws<InvalidInputException>(() =>
            VirtualServicePlanner.CreateVirtualService("shop", "shop", CatalogTarget, "catalog", ["public"], null)).Input);
        Assert.Equal("gateway", Assert.Throws<InvalidInputException>(() =>
            VirtualServicePlanner.CreateVirtualService("shop", "shop", CatalogTarget, "catalog", ["a/b/c"], ["x.example.com"])).Input);
    }
}
