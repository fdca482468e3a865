using Graylane.LocalCluster.Routing;

namespace Graylane.LocalCluster.Tests.Routing;

public class MultiHopTests
{
    /// <summary>A Service "name" plus one ready pod per version; calls = the graylane.io/calls annotation.</summary>
    private static string App(string name, string calls, params string[] versions) =>
        $"""
        apiVersion: v1
        kind: Service
        metadata: {"{"}name: {name}{"}"}
        spec: {"{"}selector: {"{"}app: {name}{"}"}{"}"}
        """ + string.Concat(versions.Select(v => $"""

        ---
        apiVersion: v1
        kind: Pod
        metadata:
          name: {name}-{v}
          labels: {"{"}app: {name}, version: {v}{"}"}
          annotations: {"{"}graylane.io/calls: "{calls}"{"}"}
        status: {"{"}phase: Running{"}"}
        """));

    [Fact]
    public void A_header_set_by_a_route_drives_a_later_hop()
    {
        var view = InMemoryClusterView.FromYaml(App("front", "back", "v1"), App("back", "", "v1", "v2"), """
            apiVersion: networking.istio.io/v1
            kind: VirtualService
            metadata: {name: front}
            spec:
              hosts: [front]
              http:
              - route:
                - destination: {host: front}
                  headers: {request: {set: {x-tier: gold}}}
            ---
            apiVersion: networking.istio.io/v1
            kind: VirtualService
            metadata: {name: back}
            spec:
              hosts: [back.default.svc.cluster.local]
              http:
              - match: [{headers: {x-tier: {exact: gold}}}]
                route: [{destination: {host: back, subset: v2}}]
              - route: [{destination: {host: back, subset: v1}}]
            ---
            apiVersion: networking.istio.io/v1
            kind: DestinationRule
            metadata: {name: back}
            spec:
              host: back
              subsets: [{name: v1, labels: {version: v1}}, {name: v2, labels: {version: v2}}]
            """);
        var router = new RequestRouter(view, new Random(1));
        Assert.Equal("-> front(v1) -> back(v2)", router.Route(Requests.To("front")).Text);
        // The same request sent straight to back carries no x-tier and stays on v1.
        Assert.Equal("-> back(v1)", router.Route(Requests.To("back")).Text);
    }

    [Fact]
    public void A_pod_calls_each_listed_service_in_order_and_each_hop_is_listed_once()
    {
        var view = InMemoryClusterView.FromYaml(App("page", "details, reviews", "v1"), App("details", "", "v1"),
            App("reviews", "ratings", "v2"), App("ratings", "", "v1"));
        Assert.Equal("-> page(v1) -> details(v1) -> reviews(v2) -> ratings(v1)",
            new RequestRouter(view).Route(Requests.To("page")).Text);
    }

    [Fact]
    public void SourceLabels_match_the_calling_pod()
    {
        var view = InMemoryClusterView.FromYaml(App("a", "c", "v1"), App("b", "c", "v1"), App("c", "", "v1", "v2"), """
            apiVersion: networking.istio.io/v1
            kind: VirtualService
            metadata: {name: c}
            spec:
              hosts: [c]
              http:
              - match: [{sourceLabels: {app: b}}]
                route: [{destination: {host: c, subset: v2}}]
              - route: [{destination: {host: c, subset: v1}}]
            ---
            apiVersion: networking.istio.io/v1
            kind: DestinationRule
            metadata: {name: c}
            spec:
              host: c
              subsets: [{name: v1, labels: {version: v1}}, {name: v2, labels: {version: v2}}]
            """);
        var router = new RequestRouter(view);
        Assert.Equal("-> a(v1) -> c(v1)", router.Route(Requests.To("a")).Text);
        Assert.Equal("-> b(v1) -> c(v2)", router.Route(Requests.To("b")).Text);
    }

    [Fact]
    public void A_call_cycle_stops_at_the_depth_limit()
    {
        var view = InMemoryClusterView.FromYaml(App("ping", "pong", "v1"), App("pong", "ping", "v1"));
        var path = new RequestRouter(view).Route(Requests.To("ping"));
        Assert.Equal("call chain deeper than 10 hops (cycle through ping)", path.Error);
        Assert.Equal(RequestRouter.MaxCallDepth + 1, path.Hops.Count);
        Assert.StartsWith("-> ping(v1) -> pong(v1) -> ping(v1) -> pong(v1)", path.Text);
        Assert.EndsWith("-> pong(v1) -> ping(!) call chain deeper than 10 hops (cycle through ping)", path.Text);
    }

    [Fact]
    public void A_failing_downstream_service_fails_the_request_after_the_hops_that_worked()
    {
        var view = InMemoryClusterView.FromYaml(App("a", "b", "v1"), App("b", "ghost", "v1"));
        Assert.Equal("-> a(v1) -> b(v1) -> ghost(!) no Service default/ghost", new RequestRouter(view).Route(Requests.To("a")).Text);
    }
}
