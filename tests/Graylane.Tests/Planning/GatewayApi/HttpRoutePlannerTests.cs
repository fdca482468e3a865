using System.Text.Json.Nodes;
using Graylane.Core.Planning.GatewayApi;
using Graylane.Core.Validation;
using static Graylane.Tests.Planning.GatewayApi.GatewayFixtures;
using static Graylane.Tests.Planning.Istio.IstioFixtures;

namespace Graylane.Tests.Planning.GatewayApi;

public class HttpRoutePlannerTests
{
    private static JsonObject Plan(JsonObject route, int weight, string? match = null, double? mirror = null, string? setHeader = null,
        IReadOnlyList<JsonObject>? neighbours = null) =>
        HttpRoutePlanner.Plan(route, WebRule, Rule(Shop(), "web"), Web, Shift(weight, match, mirror, setHeader, app: "web"), neighbours);

    [Fact]
    public void A_weight_splits_the_managed_rule_between_the_stable_and_canary_services_and_leaves_every_other_rule_as_it_was()
    {
        var planned = Plan(Shop(), 30);
        var web = Rule(planned, "web");
        Assert.Equal("""[{"group":"","kind":"Service","name":"web","port":80,"weight":70},{"group":"","kind":"Service","name":"web-v2","port":80,"weight":30}]""",
            web["backendRefs"]!.ToJsonString());
        Assert.Equal(Rule(Shop(), "web")["matches"]!.ToJsonString(), web["matches"]!.ToJsonString());
        Assert.Equal(Rule(Shop(), "web")["filters"]!.ToJsonString(), web["filters"]!.ToJsonString());
        foreach (var name in new[] { "admin", "beta", "legacy" })
            Assert.Equal(Rule(Shop(), name).ToJsonString(), Rule(planned, name).ToJsonString());
        Assert.Equal(Shop()["spec"]!["parentRefs"]!.ToJsonString(), planned["spec"]!["parentRefs"]!.ToJsonString());
        Assert.Equal(Shop()["metadata"]!.ToJsonString(), planned["metadata"]!.ToJsonString());
        Assert.Equal(new GatewayWeights(70, 30, 0, null, 0), HttpRoutePlanner.Read(planned, WebRule, Web, "web"));
    }

    [Fact]
    public void Weight_0_without_matches_or_mirror_gives_the_user_route_back_byte_for_byte_and_planning_twice_changes_nothing()
    {
        var shifted = Plan(Plan(Shop(), 40, "header:x-canary=true", mirror: 10, setHeader: "x-gray=yes"), 100, "header:x-canary=true", mirror: 10, setHeader: "x-gray=yes");
        Assert.Equal(Shop().ToJsonString(), Plan(shifted, 0).ToJsonString());
        Assert.Equal(shifted.ToJsonString(), Plan(shifted, 100, "header:x-canary=true", mirror: 10, setHeader: "x-gray=yes").ToJsonString());
        Assert.Equal(new GatewayWeights(0, 100, 0, 10, 1), HttpRoutePlanner.Read(shifted, WebRule, Web, "web"));
    }

    [Fact]
    public void Match_rules_come_after_every_user_rule_and_carry_the_managed_rule_matches_and_settings()
    {
        var planned = Plan(Shop(), 10, "header:x-canary=true,query:name=xiaoming | cookie:user^=qa-,header:x-env~stag.*", setHeader: "x-gray=yes");
        var names = Rules(planned).Select(r => (string?)r!["name"]).ToList();
        Assert.Equal(["admin", "beta", "web", "legacy", "graylane-web-match-1", "graylane-web-match-2"], names);
        var first = Rule(planned, "graylane-web-match-1");
        // (GET / or /api) AND the user's conditions: one match per managed match.
        Assert.Equal("""
            [{"path":{"type":"PathPrefix","value":"/"},"method":"GET","headers":[{"name":"x-canary","type":"Exact","value":"true"}],"queryParams":[{"name":"name","type":"Exact","value":"xiaoming"}]},{"path":{"type":"PathPrefix","value":"/api"},"headers":[{"name":"x-canary","type":"Exact","value":"true"}],"queryParams":[{"name":"name","type":"Exact","value":"xiaoming"}]}]
            """.Trim(), first["matches"]!.ToJsonString());
        Assert.Equal("""{"request":"10s"}""", first["timeouts"]!.ToJsonString());
        Assert.Equal(Rule(Shop(), "web")["filters"]!.ToJsonString(), first["filters"]!.ToJsonString());
        Assert.Equal("""[{"group":"","kind":"Service","name":"web-v2","port":80,"filters":[{"type":"RequestHeaderModifier","requestHeaderModifier":{"set":[{"name":"x-gray","value":"yes"}]}}],"weight":1}]""",
            first["backendRefs"]!.ToJsonString());
        var second = Rule(planned, "graylane-web-match-2")["matches"]![0]!["headers"]!.AsArray();
        Assert.Equal(@"^(.*?;\s*)?(user=qa-[^;]*)(;.*)?$", (string?)second.Single(h => (string?)h!["name"] == "cookie")!["value"]);
        Assert.Equal("^(?:stag.*)$", (string?)second.Single(h => (string?)h!["name"] == "x-env")!["value"]);
        // The gray share of the managed rule carries the header too.
        Assert.Equal("x-gray", (string?)Rule(planned, "web")["backendRefs"]![1]!["filters"]![0]!["requestHeaderModifier"]!["set"]![0]!["name"]);
    }

    [Fact]
    public void Prefixes_become_anchored_regexes_with_the_value_escaped()
    {
        var planned = Plan(Shop(), 0, "header:x-client^=mobile.v1,query:v^=1.2");
        var match = Rule(planned, "graylane-web-match-1")["matches"]![1]!;
        Assert.Equal(@"^mobile\.v1.*$", (string?)match["headers"]![0]!["value"]);
        Assert.Equal(@"^1\.2.*$", (string?)match["queryParams"]![0]!["value"]);
        Assert.Equal("RegularExpression", (string?)match["queryParams"]![0]!["type"]);
    }

    [Fact]
    public void Mirror_is_a_request_mirror_filter_to_the_canary_in_whole_percent_or_a_fraction()
    {
        var whole = Rule(Plan(Shop(), 0, mirror: 25), "web")["filters"]!.AsArray();
        Assert.Equal("""{"type":"RequestMirror","requestMirror":{"backendRef":{"name":"web-v2","port":80,"group":"","kind":"Service"},"percent":25}}""", whole[1]!.ToJsonString());
        Assert.Equal("ResponseHeaderModifier", (string?)whole[0]!["type"]);   // the user's filter stays first
        var half = Rule(Plan(Shop(), 0, mirror: 0.5), "web")["filters"]![1]!["requestMirror"]!;
        Assert.Equal("""{"numerator":5,"denominator":1000}""", half["fraction"]!.ToJsonString());
        Assert.Equal(0.5, HttpRoutePlanner.Read(Plan(Shop(), 0, mirror: 0.5), WebRule, Web, "web").MirrorPercent);
    }

    [Fact]
    public void A_match_that_would_outrank_a_rule_serving_those_requests_today_is_refused()
    {
        // promo (older, same gateway and host) serves GET / with x-promo: 1 today: one header beats the managed GET /.
        var promo = Neighbour("""[{'matches':[{'path':{'type':'PathPrefix','value':'/'},'method':'GET','headers':[{'type':'Exact','name':'x-promo','value':'1'}]}],'backendRefs':[{'name':'promo','port':80}]}]""");
        // One header ties with promo's, and promo is older: it keeps its requests.
        Plan(Shop(), 0, "header:x-canary=true", neighbours: [promo]);
        var e = Assert.Throws<InvalidInputException>(() => Plan(Shop(), 0, "header:x-canary=true,header:x-region=eu", neighbours: [promo]));
        Assert.Equal("match", e.Input);
        Assert.Contains("would take requests that rule #1 (unnamed) of HTTPRoute shop/promo serves today", e.Message);
        Assert.Contains("2 headers against its 1", e.Message);
        // A newer neighbour loses ties to this route, so even one header would take its requests.
        var newer = Neighbour(promo["spec"]!["rules"]!.ToJsonString(), created: "2025-06-01T00:00:00Z");
        Assert.Throws<InvalidInputException>(() => Plan(Shop(), 0, "header:x-canary=true", neighbours: [newer]));
        // Requests promo can never see (it wants x-promo: 1, the match x-promo: 2) are no conflict.
        Plan(Shop(), 0, "header:x-promo=2,header:x-region=eu", neighbours: [promo]);
    }

    [Fact]
    public void A_match_that_would_outrank_an_earlier_rule_of_the_route_is_refused_and_ties_stay_with_the_user_rule()
    {
        var route = Shop();
        // An earlier rule that ties with the managed GET / match wins its requests today (first in list order).
        Rules(route).Insert(0, J("""{'name':'early','matches':[{'path':{'type':'PathPrefix','value':'/'},'method':'GET','headers':[{'type':'Exact','name':'x-early','value':'1'}]}],'backendRefs':[{'name':'early','port':80}]}"""));
        var original = Rules(route)[3]!.AsObject();
        HttpRoutePlanner.Plan(route, 3, original, Web, Shift(0, "header:x-canary=true", app: "web"));
        var e = Assert.Throws<InvalidInputException>(() => HttpRoutePlanner.Plan(route, 3, original, Web, Shift(0, "query:a=1,header:x-canary=true", app: "web")));
        Assert.Contains("rule \"early\" of HTTPRoute shop/shop", e.Message);
    }

    [Fact]
    public void Rules_and_backends_Graylane_cannot_manage_are_refused_naming_the_input()
    {
        var route = Shop();
        Assert.Equal("rule", Assert.Throws<InvalidInputException>(() => HttpRouteRules.Find(route, null, "web", "shop")).Input);   // beta and web
        Assert.Equal(WebRule, HttpRouteRules.Find(route, "web", "web", "shop"));
        var missing = Assert.Throws<InvalidInputException>(() => HttpRouteRules.Find(route, "nope", "web", "shop"));
        Assert.Contains("its rules are \"admin\", \"beta\", \"web\", \"legacy\"", missing.Message);
        var none = Assert.Throws<InvalidInputException>(() => HttpRouteRules.Find(route, null, "catalog", "shop"));
        Assert.Equal("http-route", none.Input);
        Assert.Contains("no rule whose backendRefs point at Service catalog", none.Message);
        Assert.Equal("rule", Assert.Throws<InvalidInputException>(() => HttpRouteRules.Find(route, "admin", "web", "shop")).Input);

        Rule(route, "web")["backendRefs"]!.AsArray().Add(J("{'name':'legacy','port':80}"));
        var mixed = Assert.Throws<InvalidInputException>(() => HttpRoutePlanner.Plan(route, WebRule, Rule(route, "web"), Web, Shift(10, app: "web")));
        Assert.Contains("Graylane splits a rule whose only backend is Service web", mixed.Message);
    }

    [Fact]
    public void A_match_conflicting_with_the_rule_own_condition_or_too_many_rules_is_refused()
    {
        var route = Shop();
        Rule(route, "web")["matches"]![0]!["headers"] = new JsonArray(J("{'type':'Exact','name':'x-canary','value':'no'}"));
        var e = Assert.Throws<InvalidInputException>(() => HttpRoutePlanner.Plan(route, WebRule, Rule(route, "web"), Web, Shift(0, "header:x-canary=yes", app: "web")));
        Assert.Contains("already tests", e.Message);
        var many = string.Join(" | ", Enumerable.Range(1, 13).Select(i => $"header:x-n={i}"));
        var tooMany = Assert.Throws<InvalidInputException>(() => Plan(Shop(), 0, many));
        Assert.Contains("the API allows 16", tooMany.Message);
    }

    [Fact]
    public void A_created_route_attaches_to_the_gateway_and_routes_to_the_stable_service()
    {
        var created = HttpRoutePlanner.Create("graylane-web", "shop", "infra/public", "shop.example.com", "web", 80);
        // With the schema's defaults filled in, as the API server stores it.
        Assert.Equal("""{"parentRefs":[{"name":"public","namespace":"infra","group":"gateway.networking.k8s.io","kind":"Gateway"}],"hostnames":["shop.example.com"],"rules":[{"name":"primary","backendRefs":[{"name":"web","port":80,"group":"","kind":"Service","weight":1}],"matches":[{"path":{"type":"PathPrefix","value":"/"}}]}]}""",
            created["spec"]!.ToJsonString());
        Assert.Equal("graylane", (string?)created["metadata"]!["labels"]!["app.kubernetes.io/managed-by"]);
        Assert.Equal("""[{"name":"public","group":"gateway.networking.k8s.io","kind":"Gateway"}]""", HttpRoutePlanner.Create("graylane-web", "infra", "public", null, "web", 80)["spec"]!["parentRefs"]!.ToJsonString());
    }

    private static JsonObject J(string json) => Graylane.Tests.Support.J.O(json);
}
