using Graylane.LocalCluster.Routing;

namespace Graylane.LocalCluster.Tests.Routing;

public class VirtualServiceMatchTests
{
    private const string Routes = """
          - name: by-header
            match:
            - headers:
                end-user: {exact: jason}
            route: [{destination: {host: reviews, subset: v2}}]
          - name: by-prefix-or-query
            match:
            - headers:
                x-Canary: {prefix: "yes"}
            - queryParams:
                name: {exact: xiaoming}
            route: [{destination: {host: reviews, subset: v3}}]
          - name: by-cookie
            match:
            - headers:
                cookie: {regex: "^(.*?; ?)?(user=gray)(;.*)?$"}
            route: [{destination: {host: reviews.bookinfo.svc.cluster.local, subset: v3}}]
          - name: by-uri-regex
            match:
            - uri: {regex: "/api/v[0-9]+/reviews"}
              withoutHeaders:
                x-legacy: {}
            route: [{destination: {host: reviews, subset: v2}}]
          - name: by-uri-prefix
            match:
            - uri: {prefix: /old}
              method: {exact: GET}
            route: [{destination: {host: reviews, subset: v3}}]
          - name: default
            route: [{destination: {host: reviews, subset: v1}}]
        """;

    private static RoutePath Route(RouteRequest request) =>
        new RequestRouter(InMemoryClusterView.FromYaml(Bookinfo.Reviews, Bookinfo.ReviewsVs(Routes)), new Random(3)).Route(request);

    private static RouteRequest Reviews => Requests.To("reviews", "bookinfo");

    [Fact]
    public void Default_route_catches_unmatched_requests() =>
        Assert.Equal("-> reviews(v1)", Route(Reviews).Text);

    [Fact]
    public void Exact_header_wins_and_first_match_wins_over_later_routes() =>
        Assert.Equal("-> reviews(v2) -> ratings(v1)",
            Route(Reviews.WithHeader("end-user", "jason").WithQuery("name", "xiaoming")).Text);

    [Fact]
    public void Header_values_are_case_sensitive() =>
        Assert.Equal("-> reviews(v1)", Route(Reviews.WithHeader("end-user", "Jason")).Text);

    [Fact]
    public void Header_names_are_case_insensitive_and_prefix_matches() =>
        Assert.Equal("-> reviews(v3) -> ratings(v1)", Route(Reviews.WithHeader("X-CANARY", "yes-please")).Text);

    [Fact]
    public void Match_entries_are_ORed_query_param_exact() =>
        Assert.Equal("-> reviews(v3) -> ratings(v1)", Route(Reviews.WithQuery("name", "xiaoming")).Text);

    [Fact]
    public void Query_in_the_path_counts_too() =>
        Assert.Equal("-> reviews(v3) -> ratings(v1)", Route(Reviews.WithPath("/productpage?u=1&name=xiaoming")).Text);

    [Fact]
    public void Cookie_regex_on_the_cookie_header_built_from_cookies()
    {
        Assert.Equal("-> reviews(v3) -> ratings(v1)", Route(Reviews.WithCookie("a", "1").WithCookie("user", "gray")).Text);
        Assert.Equal("-> reviews(v1)", Route(Reviews.WithCookie("user", "grayish")).Text);
        Assert.Equal("-> reviews(v3) -> ratings(v1)", Route(Reviews.WithHeader("Cookie", "user=gray")).Text);
    }

    [Fact]
    public void The_cookie_regex_sees_the_space_browsers_put_after_semicolons()
    {
        // Istio's documented "^(.*?;)?(user=x)(;.*)?$" misses "a=1; user=x": the regex is matched as written.
        var routes = """
              - match: [{headers: {cookie: {regex: "^(.*?;)?(user=gray)(;.*)?$"}}}]
                route: [{destination: {host: reviews, subset: v2}}]
              - route: [{destination: {host: reviews, subset: v1}}]
            """;
        var router = new RequestRouter(InMemoryClusterView.FromYaml(Bookinfo.Reviews, Bookinfo.ReviewsVs(routes)));
        Assert.Equal("-> reviews(v1)", router.Route(Reviews.WithCookie("a", "1").WithCookie("user", "gray")).Text);
        Assert.Equal("-> reviews(v2) -> ratings(v1)", router.Route(Reviews.WithHeader("cookie", "a=1;user=gray")).Text);
    }

    [Fact]
    public void Uri_regex_is_a_full_match_and_withoutHeaders_excludes()
    {
        Assert.Equal("-> reviews(v2) -> ratings(v1)", Route(Reviews.WithPath("/api/v12/reviews")).Text);
        Assert.Equal("-> reviews(v1)", Route(Reviews.WithPath("/api/v12/reviews/1")).Text);
        Assert.Equal("-> reviews(v1)", Route(Reviews.WithPath("/api/v1/reviews").WithHeader("x-legacy", "")).Text);
    }

    [Fact]
    public void Uri_prefix_and_method_are_ANDed()
    {
        Assert.Equal("-> reviews(v3) -> ratings(v1)", Route(Reviews.WithPath("/old/thing")).Text);
        Assert.Equal("-> reviews(v1)", Route(Reviews.WithPath("/old/thing").WithHeader(":method", "POST")).Text);
    }

    [Fact]
    public void No_matching_route_is_a_404()
    {
        var routes = """
              - match: [{headers: {end-user: {exact: jason}}}]
                route: [{destination: {host: reviews, subset: v2}}]
            """;
        var path = new RequestRouter(InMemoryClusterView.FromYaml(Bookinfo.Reviews, Bookinfo.ReviewsVs(routes))).Route(Reviews);
        Assert.Equal("-> reviews(!) 404 no route matched in VirtualService bookinfo/reviews", path.Text);
    }

    [Fact]
    public void Direct_response_and_redirect_are_terminal_hops()
    {
        var routes = """
              - match: [{uri: {exact: /health}}]
                directResponse: {status: 503, body: {string: down}}
              - match: [{uri: {exact: /moved}}]
                redirect: {uri: /new, authority: web.example.com}
            """;
        var router = new RequestRouter(InMemoryClusterView.FromYaml(Bookinfo.Reviews, Bookinfo.ReviewsVs(routes)));
        var direct = router.Route(Reviews.WithPath("/health"));
        Assert.Null(direct.Error);
        Assert.Equal("-> reviews(direct response 503)", direct.Text);
        Assert.Equal("-> reviews(redirect 301 to web.example.com/new)", router.Route(Reviews.WithPath("/moved")).Text);
    }

    [Fact]
    public void Delegate_is_reported_as_unsupported()
    {
        var routes = """
              - delegate: {name: reviews-delegate, namespace: bookinfo}
            """;
        var path = new RequestRouter(InMemoryClusterView.FromYaml(Bookinfo.Reviews, Bookinfo.ReviewsVs(routes))).Route(Reviews);
        Assert.StartsWith("delegate VirtualService is not supported", path.Error);
    }

    [Fact]
    public void A_VirtualService_bound_only_to_a_gateway_does_not_apply_to_mesh_traffic()
    {
        var vs = Bookinfo.ReviewsVs("  - route: [{destination: {host: reviews, subset: v3}}]")
            .Replace("hosts: [reviews]", "hosts: [reviews]\n  gateways: [bookinfo-gateway]");
        var paths = new RequestRouter(InMemoryClusterView.FromYaml(Bookinfo.Reviews, vs), new Random(5)).RouteMany(Reviews, 60);
        Assert.Contains(paths, p => p.Text == "-> reviews(v1)");
    }

    [Fact]
    public void Fault_abort_fails_the_share_it_names()
    {
        var routes = """
              - fault: {abort: {httpStatus: 503, percentage: {value: 25}}}
                route: [{destination: {host: reviews, subset: v1}}]
            """;
        var paths = new RequestRouter(InMemoryClusterView.FromYaml(Bookinfo.Reviews, Bookinfo.ReviewsVs(routes)), new Random(11))
            .RouteMany(Reviews, 1000);
        Assert.InRange(paths.Share("-> reviews(!) fault abort 503"), 0.2, 0.3);
        Assert.InRange(paths.Share("-> reviews(v1)"), 0.7, 0.8);
    }
}
