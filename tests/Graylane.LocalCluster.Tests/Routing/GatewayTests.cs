using Graylane.LocalCluster.Routing;

namespace Graylane.LocalCluster.Tests.Routing;

public class GatewayTests
{
    private const string Shop = """
        apiVersion: networking.istio.io/v1
        kind: Gateway
        metadata: {name: shop-gw, namespace: shop}
        spec:
          selector: {istio: ingressgateway}
          servers:
          - port: {number: 80, name: http, protocol: HTTP}
            hosts: ["shop/*.example.com", "api.shop.io"]
        ---
        apiVersion: v1
        kind: Service
        metadata: {name: web, namespace: shop}
        spec: {selector: {app: web}}
        ---
        apiVersion: v1
        kind: Service
        metadata: {name: api, namespace: shop}
        spec: {selector: {app: api}}
        ---
        apiVersion: v1
        kind: Pod
        metadata: {name: web-1, namespace: shop, labels: {app: web, version: v1}}
        status: {phase: Running}
        ---
        apiVersion: v1
        kind: Pod
        metadata: {name: api-1, namespace: shop, labels: {app: api, version: v7}}
        status: {phase: Running}
        ---
        apiVersion: networking.istio.io/v1
        kind: VirtualService
        metadata: {name: wildcard, namespace: shop}
        spec:
          hosts: ["*.example.com"]
          gateways: [shop-gw]
          http:
          - route: [{destination: {host: web}}]
        ---
        apiVersion: networking.istio.io/v1
        kind: VirtualService
        metadata: {name: exact, namespace: shop}
        spec:
          hosts: [admin.example.com]
          gateways: [shop/shop-gw, mesh]
          http:
          - match: [{gateways: [shop-gw]}]
            route: [{destination: {host: api.shop.svc.cluster.local}}]
          - route: [{destination: {host: web}}]
        ---
        apiVersion: networking.istio.io/v1
        kind: VirtualService
        metadata: {name: other-gateway, namespace: shop}
        spec:
          hosts: ["*"]
          gateways: [istio-system/other]
          http:
          - route: [{destination: {host: api}}]
        """;

    private static RoutePath Send(string host, string gateway = "shop/shop-gw", string ns = "shop") =>
        new RequestRouter(InMemoryClusterView.FromYaml(Shop)).Route(Requests.To(host, ns, gateway));

    [Fact]
    public void A_wildcard_host_matches_subdomains_of_any_depth()
    {
        Assert.Equal("-> web(v1)", Send("www.example.com").Text);
        Assert.Equal("-> web(v1)", Send("a.b.example.com:80").Text);
    }

    [Fact]
    public void The_exact_host_beats_the_wildcard_and_per_match_gateways_apply()
    {
        Assert.Equal("-> api(v7)", Send("admin.example.com").Text);
        // The gateway name without a namespace is read in the request's namespace.
        Assert.Equal("-> api(v7)", Send("admin.example.com", "shop-gw").Text);
    }

    [Fact]
    public void A_host_the_Gateway_does_not_serve_is_refused()
    {
        Assert.Equal("-> shop/shop-gw(!) Gateway shop/shop-gw has no server for host example.com", Send("example.com").Text);
    }

    [Fact]
    public void A_served_host_without_a_bound_VirtualService_is_a_404()
    {
        Assert.Equal("no VirtualService for host api.shop.io on gateway shop/shop-gw", Send("api.shop.io").Error);
    }

    [Fact]
    public void A_missing_Gateway_is_an_error()
    {
        Assert.Equal("Gateway istio-system/other not found", Send("x.example.com", "istio-system/other").Error);
    }

    [Fact]
    public void Gateway_bound_VirtualServices_do_not_apply_to_mesh_traffic_but_mesh_bound_ones_do()
    {
        var router = new RequestRouter(InMemoryClusterView.FromYaml(Shop));
        // "exact" is bound to mesh as well, but its host is not a Service, so mesh traffic to web is plain.
        Assert.Equal("-> web(v1)", router.Route(Requests.To("web", "shop")).Text);
        Assert.Equal("-> api(v7)", router.Route(Requests.To("api", "shop")).Text);
    }

    [Fact]
    public void A_mesh_wildcard_VirtualService_applies_to_every_Service_it_covers()
    {
        var view = InMemoryClusterView.FromYaml(Shop).Apply("""
            apiVersion: networking.istio.io/v1
            kind: VirtualService
            metadata: {name: maintenance, namespace: shop}
            spec:
              hosts: ["*.shop.svc.cluster.local"]
              http:
              - directResponse: {status: 503}
            """);
        var router = new RequestRouter(view);
        Assert.Equal("-> web(direct response 503)", router.Route(Requests.To("web", "shop")).Text);
        Assert.Equal("-> api(direct response 503)", router.Route(Requests.To("api.shop", "default")).Text);
    }

    [Fact]
    public void Mesh_requests_need_a_Service_host()
    {
        var path = new RequestRouter(InMemoryClusterView.FromYaml(Shop)).Route(Requests.To("www.example.com", "shop"));
        Assert.Equal("-> www.example.com(!) host is not a Service name (set Gateway for an external host)", path.Text);
    }
}
