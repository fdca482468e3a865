using System.Text.Json.Nodes;
using Graylane.LocalCluster.Routing;

namespace Graylane.Tests.Support;

/// <summary>
/// A shop behind ingress-nginx, as most clusters without a mesh run it: the web app (Service selecting app: web only), an
/// admin app, and the team's Ingress web of class nginx for shop.example.com — /admin to admin (with an nginx annotation
/// of its own), / to web — plus TLS. The Service web-canary (selecting v2) is there for --canary-service.
/// </summary>
public static class NginxShop
{
    public const string Host = "shop.example.com";

    public const string Ingress = """
        apiVersion: networking.k8s.io/v1
        kind: Ingress
        metadata:
          name: web
          labels: {team: storefront}
          annotations:
            nginx.ingress.kubernetes.io/proxy-body-size: 8m
        spec:
          ingressClassName: nginx
          tls: [{hosts: [shop.example.com], secretName: shop-tls}]
          rules:
          - host: shop.example.com
            http:
              paths:
              - {path: /admin, pathType: Prefix, backend: {service: {name: admin, port: {number: 8080}}}}
              - {path: /, pathType: Prefix, backend: {service: {name: web, port: {name: http}}}}
        """;

    /// <summary>Everything: app and Ingress.</summary>
    public static string Yaml => GatewayShop.App + "\n---\n" + Ingress;

    /// <summary>A request through the ingress-nginx controller for the shop's host.</summary>
    public static RouteRequest Request(string path = "/", Dictionary<string, string>? headers = null, Dictionary<string, string>? cookies = null) =>
        new RouteRequest("default", Host, headers ?? [], cookies ?? [], new Dictionary<string, string>(), path) { Ingress = "web" };

    /// <summary>Which versions serve count requests through the controller, e.g. {"v1": 16, "v2": 4}; failures count as "error".</summary>
    public static Dictionary<string, int> Served(Graylane.LocalCluster.LocalClusterServer server, int count = 40, RouteRequest? request = null) =>
        server.Router.RouteMany(request ?? Request(), count)
            .GroupBy(p => p.Error is null && p.Hops.Count > 0 ? p.Hops[0].Version ?? "?" : "error")
            .ToDictionary(g => g.Key, g => g.Count());

    public static JsonObject? Get(Graylane.LocalCluster.LocalClusterServer server, string name = "web") =>
        server.Get("networking.k8s.io/v1", "Ingress", "default", name);
}
