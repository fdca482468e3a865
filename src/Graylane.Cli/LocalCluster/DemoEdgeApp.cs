namespace Graylane.Cli.LocalCluster;

/// <summary>
/// The edge-router demos' app: web (app: web only, as most manifests select) and admin in namespace demo, behind either a
/// Gateway API Gateway infra/public with the team's HTTPRoute web, or ingress-nginx with the team's Ingress web — both for
/// shop.example.com, /admin to admin and / to web.
/// </summary>
internal static class DemoEdgeApp
{
    public const string Host = "shop.example.com";
    public const string Gateway = "infra/public";
    public const string Image = "registry.example.com/shop/web";

    private const string App = """
        apiVersion: v1
        kind: Namespace
        metadata: {name: demo}
        ---
        apiVersion: apps/v1
        kind: Deployment
        metadata: {name: web, namespace: demo, labels: {app: web}}
        spec:
          replicas: 2
          selector: {matchLabels: {app: web}}
          template:
            metadata: {labels: {app: web}}
            spec:
              containers: [{name: web, image: "registry.example.com/shop/web:1.0", ports: [{containerPort: 8080}]}]
        ---
        apiVersion: v1
        kind: Service
        metadata: {name: web, namespace: demo}
        spec:
          selector: {app: web}
          ports: [{name: http, port: 80, targetPort: 8080}]
        ---
        apiVersion: apps/v1
        kind: Deployment
        metadata: {name: admin, namespace: demo}
        spec:
          replicas: 1
          selector: {matchLabels: {app: admin}}
          template:
            metadata: {labels: {app: admin}}
            spec:
              containers: [{name: admin, image: "registry.example.com/shop/admin:3.2"}]
        ---
        apiVersion: v1
        kind: Service
        metadata: {name: admin, namespace: demo}
        spec:
          selector: {app: admin}
          ports: [{port: 8080}]
        """;

    public const string GatewayApiYaml = App + """

        ---
        apiVersion: v1
        kind: Namespace
        metadata: {name: infra}
        ---
        apiVersion: gateway.networking.k8s.io/v1
        kind: Gateway
        metadata: {name: public, namespace: infra}
        spec:
          gatewayClassName: example
          listeners: [{name: http, port: 80, protocol: HTTP, allowedRoutes: {namespaces: {from: All}}}]
        ---
        apiVersion: gateway.networking.k8s.io/v1
        kind: HTTPRoute
        metadata: {name: web, namespace: demo}
        spec:
          parentRefs: [{name: public, namespace: infra}]
          hostnames: [shop.example.com]
          rules:
          - name: admin
            matches: [{path: {type: PathPrefix, value: /admin}}]
            backendRefs: [{name: admin, port: 8080}]
          - name: main
            backendRefs: [{name: web, port: 80}]
        """;

    public const string NginxYaml = App + """

        ---
        apiVersion: networking.k8s.io/v1
        kind: Ingress
        metadata: {name: web, namespace: demo}
        spec:
          ingressClassName: nginx
          rules:
          - host: shop.example.com
            http:
              paths:
              - {path: /admin, pathType: Prefix, backend: {service: {name: admin, port: {number: 8080}}}}
              - {path: /, pathType: Prefix, backend: {service: {name: web, port: {number: 80}}}}
        """;

    private static readonly Dictionary<string, string> Tester = new() { ["x-canary"] = "true" };

    public static DemoScenario GatewayApi { get; } = new("gateway-api",
        "Gateway API canary (issue 13): web behind Gateway infra/public, the team's HTTPRoute web (rules admin and main)",
        GatewayApiYaml, "web", Host, 100,
        [
            new("1. deploy-gray: v2 starts behind the canary Service web-v2; the Service web is pinned to v1; the HTTPRoute is untouched",
                ["deploy-gray", "--router", "gateway-api", "--service", "web", "--http-route", "web", "--image", Image + ":2.0", "--version", "v2", "--timeout", "60s"]),
            new("2. shift-traffic: rule main split 80/20 by backendRef weights; testers (x-canary: true) always reach v2",
                ["shift-traffic", "--app", "web", "--weight", "20", "--match", "header:x-canary=true"], Tester),
            new("3. shift-traffic: all traffic to v2", ["shift-traffic", "--app", "web", "--weight", "100"]),
            new("4. promote: the Service web selects v2, rule main is yours again byte for byte, web-v2 goes, v1 is scaled to 0", ["promote", "--app", "web"]),
            new("5. status", ["status", "--app", "web"]),
        ], Gateway: Gateway);

    public static DemoScenario Nginx { get; } = new("nginx",
        "ingress-nginx canary (issue 13): web behind the team's Ingress web (class nginx: /admin to admin, / to web)",
        NginxYaml, "web", Host, 100,
        [
            new("1. deploy-gray: v2 starts behind the canary Service web-v2; the canary Ingress web-canary copies the / path at canary-weight 0",
                ["deploy-gray", "--router", "nginx", "--service", "web", "--image", Image + ":2.0", "--version", "v2", "--timeout", "60s"]),
            new("2. shift-traffic: canary-weight 20; testers (x-canary: true) always reach v2 through canary-by-header",
                ["shift-traffic", "--app", "web", "--weight", "20", "--match", "header:x-canary=true"], Tester),
            new("3. shift-traffic: all traffic to v2", ["shift-traffic", "--app", "web", "--weight", "100"]),
            new("4. promote: the Service web selects v2, the canary Ingress and web-v2 go; your Ingress was never changed", ["promote", "--app", "web"]),
            new("5. status", ["status", "--app", "web"]),
        ], Ingress: "web");
}
