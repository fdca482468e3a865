using Graylane.LocalCluster.Routing;

namespace Graylane.LocalCluster.Tests.Routing;

/// <summary>
/// Requests through ingress-nginx: the location (host, then Exact path, then longest prefix, then the oldest Ingress),
/// and the canary's precedence: header (value, pattern, always/never) over cookie (always/never) over weight; a
/// canary without ready endpoints gets nothing.
/// </summary>
public class IngressNginxRoutingTests
{
    private const string App = """
        apiVersion: apps/v1
        kind: Deployment
        metadata: {name: web, namespace: shop}
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
        apiVersion: v1
        kind: Service
        metadata: {name: web, namespace: shop}
        spec: {selector: {app: web, version: v1}, ports: [{port: 80}]}
        ---
        apiVersion: v1
        kind: Service
        metadata: {name: web-v2, namespace: shop}
        spec: {selector: {app: web, version: v2}, ports: [{port: 80}]}
        ---
        apiVersion: networking.k8s.io/v1
        kind: Ingress
        metadata: {name: web, namespace: shop}
        spec:
          ingressClassName: nginx
          rules:
          - host: shop.example.com
            http:
              paths:
              - {path: /, pathType: Prefix, backend: {service: {name: web, port: {number: 80}}}}
        """;

    private static string Canary(string annotations, string host = "shop.example.com", string path = "/") => $"""
        apiVersion: networking.k8s.io/v1
        kind: Ingress
        metadata:
          name: web-canary
          namespace: shop
          annotations:
            nginx.ingress.kubernetes.io/canary: "true"
        {annotations}
        spec:
          ingressClassName: nginx
          rules:
          - host: {host}
            http:
              paths:
              - {"{"}path: {path}, pathType: Prefix, backend: {"{"}service: {"{"}name: web-v2, port: {"{"}number: 80{"}"}{"}"}{"}"}{"}"}
        """;

    private static string Annotations(params string[] pairs) =>
        string.Join("\n", pairs.Select(p => $"    nginx.ingress.kubernetes.io/{p[..p.IndexOf('=')]}: \"{p[(p.IndexOf('=') + 1)..]}\""));

    private static RouteRequest Shop(string path = "/") => Requests.To("shop.example.com", "shop") with { Ingress = "web", Path = path };

    private static IReadOnlyList<RoutePath> Send(InMemoryClusterView view, RouteRequest request, int count = 1, int seed = 1) =>
        new RequestRouter(view, new Random(seed)).RouteMany(request, count);

    private static string One(InMemoryClusterView view, RouteRequest request) => Send(view, request)[0].Text;

    [Theory]
    [InlineData(2)]
    [InlineData(8)]
    public void Canary_weight_sends_that_share(int seed)
    {
        var view = InMemoryClusterView.FromYaml(App, Canary(Annotations("canary-weight=30")));
        var paths = Send(view, Shop(), 1000, seed);
        Assert.InRange(paths.Share("-> web-v2(v2)"), 0.25, 0.35);
        Assert.InRange(paths.Share("-> web(v1)"), 0.65, 0.75);
    }

    [Fact]
    public void Weight_total_above_100_is_the_denominator_and_0_and_100_are_exact()
    {
        Assert.InRange(Send(InMemoryClusterView.FromYaml(App, Canary(Annotations("canary-weight=5", "canary-weight-total=1000"))), Shop(), 4000, 3)
            .Share("-> web-v2(v2)"), 0.002, 0.01);
        Assert.All(Send(InMemoryClusterView.FromYaml(App, Canary(Annotations("canary-weight=100"))), Shop(), 200), p => Assert.Equal("-> web-v2(v2)", p.Text));
        Assert.All(Send(InMemoryClusterView.FromYaml(App, Canary(Annotations("canary-weight=0"))), Shop(), 200), p => Assert.Equal("-> web(v1)", p.Text));
    }

    [Fact]
    public void Header_without_a_value_means_always_or_never_and_beats_cookie_and_weight()
    {
        var view = InMemoryClusterView.FromYaml(App, Canary(Annotations("canary-by-header=X-Canary", "canary-by-cookie=canary", "canary-weight=100")));
        Assert.Equal("-> web-v2(v2)", One(view, Shop().WithHeader("x-canary", "always").WithCookie("canary", "never")));
        Assert.Equal("-> web(v1)", One(view, Shop().WithHeader("x-canary", "never").WithCookie("canary", "always")));
        // Any other header value falls through to the cookie, then the weight.
        Assert.Equal("-> web(v1)", One(view, Shop().WithHeader("x-canary", "maybe").WithCookie("canary", "never")));
        Assert.Equal("-> web-v2(v2)", One(view, Shop().WithHeader("x-canary", "maybe")));
    }

    [Fact]
    public void Header_value_routes_an_exact_value_and_lets_others_fall_through()
    {
        var view = InMemoryClusterView.FromYaml(App, Canary(Annotations("canary-by-header=x-user", "canary-by-header-value=qa-1")));
        Assert.Equal("-> web-v2(v2)", One(view, Shop().WithHeader("x-user", "qa-1")));
        Assert.Equal("-> web(v1)", One(view, Shop().WithHeader("x-user", "qa-10")));
        Assert.Equal("-> web(v1)", One(view, Shop().WithHeader("x-user", "always")));   // "always" is only a value when no value is set
    }

    [Fact]
    public void Header_pattern_matches_anywhere_in_the_value_unless_anchored()
    {
        var loose = InMemoryClusterView.FromYaml(App, Canary(Annotations("canary-by-header=x-user", "canary-by-header-pattern=qa-.*")));
        Assert.Equal("-> web-v2(v2)", One(loose, Shop().WithHeader("x-user", "team-qa-1")));
        var anchored = InMemoryClusterView.FromYaml(App, Canary(Annotations("canary-by-header=x-user", "canary-by-header-pattern=^(?:qa-.*)$")));
        Assert.Equal("-> web(v1)", One(anchored, Shop().WithHeader("x-user", "team-qa-1")));
        Assert.Equal("-> web-v2(v2)", One(anchored, Shop().WithHeader("x-user", "qa-1")));
    }

    [Fact]
    public void Cookie_always_and_never_beat_the_weight()
    {
        var view = InMemoryClusterView.FromYaml(App, Canary(Annotations("canary-by-cookie=beta", "canary-weight=50")));
        Assert.All(Send(view, Shop().WithCookie("beta", "always"), 50), p => Assert.Equal("-> web-v2(v2)", p.Text));
        Assert.All(Send(view, Shop().WithCookie("beta", "never"), 50), p => Assert.Equal("-> web(v1)", p.Text));
        Assert.Contains(Send(view, Shop().WithCookie("beta", "yes"), 50), p => p.Text == "-> web-v2(v2)");
    }

    [Fact]
    public void A_canary_without_ready_endpoints_takes_no_traffic()
    {
        var view = InMemoryClusterView.FromYaml(App, Canary(Annotations("canary-weight=100", "canary-by-header=x-canary"))).Delete("Deployment", "web-v2", "shop");
        Assert.All(Send(view, Shop().WithHeader("x-canary", "always"), 20), p => Assert.Equal("-> web(v1)", p.Text));
    }

    [Fact]
    public void A_canary_applies_only_to_the_same_host_and_path()
    {
        Assert.Equal("-> web(v1)", One(InMemoryClusterView.FromYaml(App, Canary(Annotations("canary-weight=100"), host: "other.example.com")), Shop()));
        Assert.Equal("-> web(v1)", One(InMemoryClusterView.FromYaml(App, Canary(Annotations("canary-weight=100"), path: "/api")), Shop("/api")));
    }

    [Fact]
    public void Locations_exact_before_longest_prefix_exact_host_before_wildcard_and_404_without_one()
    {
        var more = """
            apiVersion: networking.k8s.io/v1
            kind: Ingress
            metadata: {name: more, namespace: shop}
            spec:
              ingressClassName: nginx
              rules:
              - host: shop.example.com
                http:
                  paths:
                  - {path: /api, pathType: Prefix, backend: {service: {name: web-v2, port: {number: 80}}}}
                  - {path: /api/v1, pathType: Exact, backend: {service: {name: web, port: {number: 80}}}}
              - host: "*.example.com"
                http:
                  paths:
                  - {path: /, pathType: Prefix, backend: {service: {name: web-v2, port: {number: 80}}}}
            """;
        var view = InMemoryClusterView.FromYaml(App, more);
        Assert.Equal("-> web-v2(v2)", One(view, Shop("/api/v1/orders")));
        Assert.Equal("-> web(v1)", One(view, Shop("/api/v1")));
        Assert.Equal("-> web(v1)", One(view, Shop("/apix")));
        Assert.Equal("-> web-v2(v2)", One(view, Requests.To("m.example.com", "shop") with { Ingress = "web" }));
        Assert.StartsWith("-> ingress nginx(!) 404", One(view, Requests.To("a.b.example.com", "shop") with { Ingress = "web" }));
    }

    [Fact]
    public void The_named_ingress_picks_the_controller_by_class()
    {
        var otherClass = """
            apiVersion: networking.k8s.io/v1
            kind: Ingress
            metadata: {name: internal, namespace: shop}
            spec:
              ingressClassName: internal
              rules:
              - host: shop.example.com
                http:
                  paths:
                  - {path: /, pathType: Prefix, backend: {service: {name: web-v2, port: {number: 80}}}}
            """;
        var view = InMemoryClusterView.FromYaml(App, otherClass);
        Assert.Equal("-> web(v1)", One(view, Shop()));
        Assert.Equal("-> web-v2(v2)", One(view, Shop() with { Ingress = "internal" }));
        Assert.Equal("-> ingress shop/nope(!) Ingress shop/nope not found", One(view, Shop() with { Ingress = "nope" }));
    }
}
