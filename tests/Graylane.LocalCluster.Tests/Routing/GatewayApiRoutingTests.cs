using Graylane.LocalCluster.Routing;

namespace Graylane.LocalCluster.Tests.Routing;

/// <summary>
/// Requests through a Gateway API Gateway: the rule the spec's precedence picks (hostnames, then Exact path, longest
/// prefix, method, most headers, most query parameters, then the oldest route, then namespace/name, then rule order),
/// backend weights, filters, and the 500s the spec asks for when a backend cannot be used.
/// </summary>
public class GatewayApiRoutingTests
{
    /// <summary>Three versions of one app, each behind its own Service (web-v1, web-v2, web-v3), and a Gateway.</summary>
    private const string App = """
        apiVersion: gateway.networking.k8s.io/v1
        kind: Gateway
        metadata: {name: public, namespace: infra}
        spec:
          gatewayClassName: example
          listeners:
          - {name: http, port: 80, protocol: HTTP, allowedRoutes: {namespaces: {from: All}}}
        ---
        apiVersion: apps/v1
        kind: Deployment
        metadata: {name: web-v1, namespace: shop}
        spec:
          replicas: 1
          template: {metadata: {labels: {app: web, version: v1}}}
        ---
        apiVersion: apps/v1
        kind: Deployment
        metadata: {name: web-v2, namespace: shop}
        spec:
          replicas: 1
          template: {metadata: {labels: {app: web, version: v2}}}
        ---
        apiVersion: apps/v1
        kind: Deployment
        metadata: {name: web-v3, namespace: shop}
        spec:
          replicas: 1
          template: {metadata: {labels: {app: web, version: v3}}}
        ---
        apiVersion: v1
        kind: Service
        metadata: {name: web-v1, namespace: shop}
        spec: {selector: {app: web, version: v1}, ports: [{port: 80}]}
        ---
        apiVersion: v1
        kind: Service
        metadata: {name: web-v2, namespace: shop}
        spec: {selector: {app: web, version: v2}, ports: [{port: 80}]}
        ---
        apiVersion: v1
        kind: Service
        metadata: {name: web-v3, namespace: shop}
        spec: {selector: {app: web, version: v3}, ports: [{port: 80}]}
        """;

    private static string Route(string name, string rules, string hostnames = "[shop.example.com]", string ns = "shop") => $"""
        apiVersion: gateway.networking.k8s.io/v1
        kind: HTTPRoute
        metadata: {"{"}name: {name}, namespace: {ns}{"}"}
        spec:
          parentRefs: [{"{"}name: public, namespace: infra{"}"}]
          hostnames: {hostnames}
          rules:
        {rules}
        """;

    private static string To(string service, int? weight = null) =>
        $"{{name: {service}, port: 80{(weight is { } w ? $", weight: {w}" : "")}}}";

    private static RouteRequest Shop(string path = "/") => Requests.To("shop.example.com", "shop", "infra/public").WithPath(path);

    private static string One(InMemoryClusterView view, RouteRequest request) => new RequestRouter(view, new Random(1)).Route(request).Text;

    [Theory]
    [InlineData(3)]
    [InlineData(11)]
    public void Backend_weights_split_the_traffic(int seed)
    {
        var view = InMemoryClusterView.FromYaml(App, Route("web", $"""
              - backendRefs: [{To("web-v1", 80)}, {To("web-v2", 20)}]
            """));
        var paths = new RequestRouter(view, new Random(seed)).RouteMany(Shop(), 1000);
        Assert.InRange(paths.Share("-> web-v1(v1)"), 0.75, 0.85);
        Assert.InRange(paths.Share("-> web-v2(v2)"), 0.15, 0.25);
    }

    [Fact]
    public void Weight_defaults_to_1_and_a_zero_weight_backend_gets_nothing()
    {
        var view = InMemoryClusterView.FromYaml(App, Route("web", $"""
              - backendRefs: [{To("web-v1", 0)}, {To("web-v2")}]
            """));
        Assert.All(new RequestRouter(view, new Random(5)).RouteMany(Shop(), 100), p => Assert.Equal("-> web-v2(v2)", p.Text));
    }

    [Fact]
    public void Exact_path_beats_a_longer_prefix_and_the_longest_prefix_beats_a_shorter_one()
    {
        var view = InMemoryClusterView.FromYaml(App, Route("web", $"""
              - matches: [{"{"}path: {"{"}type: PathPrefix, value: /{"}"}{"}"}]
                backendRefs: [{To("web-v1")}]
              - matches: [{"{"}path: {"{"}type: PathPrefix, value: /api/orders{"}"}{"}"}]
                backendRefs: [{To("web-v2")}]
              - matches: [{"{"}path: {"{"}type: Exact, value: /api{"}"}{"}"}]
                backendRefs: [{To("web-v3")}]
            """));
        Assert.Equal("-> web-v3(v3)", One(view, Shop("/api")));
        Assert.Equal("-> web-v2(v2)", One(view, Shop("/api/orders/7")));
        Assert.Equal("-> web-v1(v1)", One(view, Shop("/api/ordersx")));   // prefixes match whole path elements
        Assert.Equal("-> web-v1(v1)", One(view, Shop("/api/")));
    }

    [Fact]
    public void Method_then_header_count_then_query_count_decide_between_equal_paths_whatever_the_rule_order()
    {
        var view = InMemoryClusterView.FromYaml(App, Route("web", $"""
              - matches: [{"{"}path: {"{"}type: PathPrefix, value: /{"}"}, headers: [{"{"}name: x-a, value: "1"{"}"}], queryParams: [{"{"}name: q, value: "1"{"}"}]{"}"}]
                backendRefs: [{To("web-v1")}]
              - matches: [{"{"}path: {"{"}type: PathPrefix, value: /{"}"}, headers: [{"{"}name: x-a, value: "1"{"}"}, {"{"}name: x-b, value: "1"{"}"}]{"}"}]
                backendRefs: [{To("web-v2")}]
              - matches: [{"{"}path: {"{"}type: PathPrefix, value: /{"}"}, method: POST{"}"}]
                backendRefs: [{To("web-v3")}]
            """));
        var both = Shop().WithHeader("x-a", "1").WithHeader("x-b", "1").WithQuery("q", "1");
        Assert.Equal("-> web-v2(v2)", One(view, both));                                  // two headers beat one header and a query
        Assert.Equal("-> web-v3(v3)", One(view, both.WithHeader(":method", "POST")));    // a method beats any number of headers
        Assert.Equal("-> web-v1(v1)", One(view, Shop().WithHeader("x-a", "1").WithQuery("q", "1")));
        Assert.Equal("-> infra/public(!) 404 no HTTPRoute rule on Gateway infra/public matches shop.example.com/", One(view, Shop()));
    }

    [Fact]
    public void Ties_go_to_the_oldest_route_then_by_namespace_and_name_then_to_the_first_rule()
    {
        // InMemoryClusterView stamps creation times in the order objects are applied.
        var older = Route("zeta", $"""
              - backendRefs: [{To("web-v1")}]
            """);
        var newer = Route("alpha", $"""
              - backendRefs: [{To("web-v2")}]
              - backendRefs: [{To("web-v3")}]
            """);
        Assert.Equal("-> web-v1(v1)", One(InMemoryClusterView.FromYaml(App, older, newer), Shop()));
        Assert.Equal("-> web-v2(v2)", One(InMemoryClusterView.FromYaml(App, newer, older), Shop()));
        var sameTime = InMemoryClusterView.FromYaml(App,
            older.Replace("{name: zeta, namespace: shop}", "{name: zeta, namespace: shop, creationTimestamp: '2025-02-01T00:00:00Z'}"),
            newer.Replace("{name: alpha, namespace: shop}", "{name: alpha, namespace: shop, creationTimestamp: '2025-02-01T00:00:00Z'}"));
        Assert.Equal("-> web-v2(v2)", One(sameTime, Shop()));   // shop/alpha before shop/zeta; its first rule
    }

    [Fact]
    public void A_route_with_a_matching_exact_hostname_wins_over_a_wildcard_route_with_a_more_specific_match()
    {
        var view = InMemoryClusterView.FromYaml(App,
            Route("wild", $"""
              - matches: [{"{"}path: {"{"}type: Exact, value: /{"}"}{"}"}]
                backendRefs: [{To("web-v1")}]
            """, "['*.example.com']"),
            Route("exact", $"""
              - backendRefs: [{To("web-v2")}]
            """));
        Assert.Equal("-> web-v2(v2)", One(view, Shop()));
        Assert.Equal("-> web-v1(v1)", One(view, Requests.To("other.example.com", "shop", "infra/public")));
        Assert.StartsWith("-> infra/public(!) 404", One(view, Requests.To("example.com", "shop", "infra/public")));
    }

    [Fact]
    public void Header_regex_and_the_cookie_header_regex_Graylane_writes_for_a_cookie_match()
    {
        var view = InMemoryClusterView.FromYaml(App, Route("web", $"""
              - backendRefs: [{To("web-v1")}]
              - matches: [{"{"}headers: [{"{"}name: cookie, type: RegularExpression, value: '^(.*?;\s*)?(user=qa-1)(;.*)?$'{"}"}]{"}"}]
                backendRefs: [{To("web-v2")}]
              - matches: [{"{"}headers: [{"{"}name: X-Env, type: RegularExpression, value: 'stag.*'{"}"}]{"}"}]
                backendRefs: [{To("web-v3")}]
            """));
        Assert.Equal("-> web-v2(v2)", One(view, Shop().WithCookie("theme", "dark").WithCookie("user", "qa-1")));
        Assert.Equal("-> web-v1(v1)", One(view, Shop().WithCookie("user", "qa-10")));
        Assert.Equal("-> web-v3(v3)", One(view, Shop().WithHeader("x-env", "staging")));  // header names are case-insensitive
        Assert.Equal("-> web-v1(v1)", One(view, Shop().WithHeader("x-env", "prestaging")));  // the regex matches the whole value
    }

    [Fact]
    public void Listeners_admit_routes_by_namespace_and_section_name()
    {
        var same = App.Replace("allowedRoutes: {namespaces: {from: All}}", "allowedRoutes: {namespaces: {from: Same}}");
        var route = Route("web", $"""
              - backendRefs: [{To("web-v1")}]
            """);
        Assert.StartsWith("-> infra/public(!) 404", One(InMemoryClusterView.FromYaml(same, route), Shop()));
        Assert.Equal("-> web-v1(v1)", One(InMemoryClusterView.FromYaml(App, route), Shop()));
        var wrongSection = route.Replace("{name: public, namespace: infra}", "{name: public, namespace: infra, sectionName: https}");
        Assert.StartsWith("-> infra/public(!) 404", One(InMemoryClusterView.FromYaml(App, wrongSection), Shop()));
    }

    [Fact]
    public void A_backend_that_cannot_be_used_answers_500_for_its_share()
    {
        var missing = InMemoryClusterView.FromYaml(App, Route("web", $"""
              - backendRefs: [{To("web-canary")}]
            """));
        Assert.Equal("-> infra/public(!) 500 HTTPRoute shop/web: backend Service shop/web-canary not found", One(missing, Shop()));

        var otherNamespace = Route("web", """
              - backendRefs: [{name: web-v1, namespace: shop, port: 80}]
            """, ns: "edge");
        Assert.Contains("no ReferenceGrant in namespace shop", One(InMemoryClusterView.FromYaml(App, otherNamespace), Shop()));
        var grant = """
            apiVersion: gateway.networking.k8s.io/v1
            kind: ReferenceGrant
            metadata: {name: edge-routes, namespace: shop}
            spec:
              from: [{group: gateway.networking.k8s.io, kind: HTTPRoute, namespace: edge}]
              to: [{group: "", kind: Service}]
            """;
        Assert.Equal("-> web-v1(v1)", One(InMemoryClusterView.FromYaml(App, otherNamespace, grant), Shop()));

        var unready = InMemoryClusterView.FromYaml(App, Route("web", $"""
              - backendRefs: [{To("web-v1")}]
            """)).Delete("Deployment", "web-v1", "shop");
        Assert.Equal("-> web-v1(!) no ready endpoints", One(unready, Shop()));
    }

    [Fact]
    public void Mirror_percent_and_fraction_copy_that_share_and_header_filters_reach_the_backend()
    {
        var view = InMemoryClusterView.FromYaml(App, Route("web", $"""
              - filters:
                - {"{"}type: RequestMirror, requestMirror: {"{"}backendRef: {To("web-v2")}, percent: 25{"}"}{"}"}
                backendRefs: [{To("web-v1")}]
              - matches: [{"{"}path: {"{"}type: PathPrefix, value: /half{"}"}{"}"}]
                filters:
                - {"{"}type: RequestMirror, requestMirror: {"{"}backendRef: {To("web-v3")}, fraction: {"{"}numerator: 1, denominator: 2{"}"}{"}"}{"}"}
                backendRefs: [{To("web-v1")}]
            """));
        var router = new RequestRouter(view, new Random(4));
        var quarter = router.RouteMany(Shop(), 1000);
        Assert.All(quarter, p => Assert.Equal("-> web-v1(v1)", p.Text));
        Assert.InRange(quarter.Count(p => p.Mirrors.Count == 1 && p.Mirrors[0].ToString() == "web-v2(v2)"), 200, 300);
        Assert.InRange(router.RouteMany(Shop("/half"), 1000).Count(p => p.Mirrors.Count == 1 && p.Mirrors[0].ToString() == "web-v3(v3)"), 450, 550);
    }

    [Fact]
    public void A_redirect_filter_answers_without_a_backend()
    {
        var view = InMemoryClusterView.FromYaml(App, Route("web", """
              - filters: [{type: RequestRedirect, requestRedirect: {hostname: www.example.com, statusCode: 301}}]
            """));
        Assert.Equal("-> infra/public(redirect 301 to www.example.com/)", One(view, Shop()));
    }
}
