using System.Text.Json.Nodes;
using Graylane.LocalCluster.Routing;

namespace Graylane.Tests.Support;

/// <summary>
/// A shop behind a Gateway API Gateway, as a platform team lays it out: the Gateway public in namespace infra (routes from
/// every namespace), the web app (Service selecting app: web only, as most manifests do) and an admin app, and the
/// team's HTTPRoute web: an /admin rule with its own header filter, and the rule main to web with a timeout. The
/// canary Service web-canary (selecting v2) is there for --canary-service.
/// </summary>
public static class GatewayShop
{
    public const string Host = "shop.example.com";
    public const string Gateway = "infra/public";

    public const string Infra = """
        apiVersion: v1
        kind: Namespace
        metadata: {name: infra}
        ---
        apiVersion: gateway.networking.k8s.io/v1
        kind: Gateway
        metadata: {name: public, namespace: infra}
        spec:
          gatewayClassName: example
          listeners:
          - name: http
            port: 80
            protocol: HTTP
            allowedRoutes: {namespaces: {from: All}}
        """;

    public const string App = """
        apiVersion: apps/v1
        kind: Deployment
        metadata: {name: web, labels: {app: web}}
        spec:
          replicas: 2
          selector: {matchLabels: {app: web, version: v1}}
          template:
            metadata: {labels: {app: web, version: v1}}
            spec:
              containers: [{name: web, image: "registry.example.com/shop/web:1.0", ports: [{containerPort: 8080}]}]
        ---
        apiVersion: v1
        kind: Service
        metadata: {name: web, labels: {app: web}}
        spec:
          selector: {app: web}
          ports: [{name: http, port: 80, targetPort: 8080}]
        ---
        apiVersion: v1
        kind: Service
        metadata: {name: web-canary, labels: {app: web}}
        spec:
          selector: {app: web, version: v2}
          ports: [{name: http, port: 80, targetPort: 8080}]
        ---
        apiVersion: apps/v1
        kind: Deployment
        metadata: {name: admin, labels: {app: admin}}
        spec:
          replicas: 1
          selector: {matchLabels: {app: admin}}
          template:
            metadata: {labels: {app: admin, version: a1}}
            spec:
              containers: [{name: admin, image: "registry.example.com/shop/admin:3.2"}]
        ---
        apiVersion: v1
        kind: Service
        metadata: {name: admin}
        spec:
          selector: {app: admin}
          ports: [{port: 8080}]
        """;

    public const string Route = """
        apiVersion: gateway.networking.k8s.io/v1
        kind: HTTPRoute
        metadata: {name: web, labels: {team: storefront}}
        spec:
          parentRefs: [{name: public, namespace: infra}]
          hostnames: [shop.example.com]
          rules:
          - name: admin
            matches: [{path: {type: PathPrefix, value: /admin}}]
            filters:
            - type: RequestHeaderModifier
              requestHeaderModifier: {set: [{name: x-admin, value: "1"}]}
            backendRefs: [{name: admin, port: 8080}]
          - name: main
            matches: [{path: {type: PathPrefix, value: /}}]
            timeouts: {request: 10s}
            backendRefs: [{name: web, port: 80}]
        """;

    /// <summary>Everything: gateway, app and route.</summary>
    public static string Yaml => Infra + "\n---\n" + App + "\n---\n" + Route;

    /// <summary>A request through the gateway for the shop's host.</summary>
    public static RouteRequest Request(string path = "/", Dictionary<string, string>? headers = null, Dictionary<string, string>? cookies = null,
        Dictionary<string, string>? query = null, string ns = "default") =>
        new(ns, Host, headers ?? [], cookies ?? [], query ?? [], path, Gateway);

    /// <summary>Which versions serve count requests through the gateway, e.g. {"v1": 16, "v2": 4}; failures count as "error".</summary>
    public static Dictionary<string, int> Served(Graylane.LocalCluster.LocalClusterServer server, int count = 40, RouteRequest? request = null) =>
        server.Router.RouteMany(request ?? Request(), count)
            .GroupBy(p => p.Error is null && p.Hops.Count > 0 ? p.Hops[0].Version ?? "?" : "error")
            .ToDictionary(g => g.Key, g => g.Count());

    public static JsonObject? HttpRoute(Graylane.LocalCluster.LocalClusterServer server, string name = "web", string ns = "default") =>
        server.Get("gateway.networking.k8s.io/v1", "HTTPRoute", ns, name);
}
