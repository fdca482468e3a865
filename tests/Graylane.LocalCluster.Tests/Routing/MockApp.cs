namespace Graylane.LocalCluster.Tests.Routing;

/// <summary>
/// Seed 002's mock app (mocka → mockb → mockc) and its ASM objects, as YAML. Each service names its upstream in the
/// seed's upstream_url env var, which the router follows as the call graph.
/// </summary>
internal static class MockApp
{
    public const string Gateway = "istio-system/ingressgateway";
    public const string DevGateway = "istio-system/ingressgateway-dev";

    private static readonly Dictionary<string, string> Upstream = new() { ["mocka"] = "mockb", ["mockb"] = "mockc", ["mockc"] = "" };

    public const string Services = """
        apiVersion: v1
        kind: Service
        metadata:
          name: mocka
          labels:
            app: mocka
            service: mocka
        spec:
          ports:
          - port: 8000
            name: http
          selector:
            app: mocka
        ---
        apiVersion: v1
        kind: Service
        metadata:
          name: mockb
          labels:
            app: mockb
            service: mockb
        spec:
          ports:
          - port: 8000
            name: http
          selector:
            app: mockb
        ---
        apiVersion: v1
        kind: Service
        metadata:
          name: mockc
          labels:
            app: mockc
            service: mockc
        spec:
          ports:
          - port: 8000
            name: http
          selector:
            app: mockc
        """;

    public const string Gateways = """
        apiVersion: networking.istio.io/v1beta1
        kind: Gateway
        metadata:
          name: ingressgateway
          namespace: istio-system
        spec:
          selector:
            istio: ingressgateway
          servers:
            - port:
                number: 80
                name: http
                protocol: HTTP
              hosts:
                - '*'
        ---
        apiVersion: networking.istio.io/v1beta1
        kind: Gateway
        metadata:
          name: ingressgateway-dev
          namespace: istio-system
        spec:
          selector:
            istio: ingressgateway-dev
          servers:
            - port:
                number: 80
                name: http
                protocol: HTTP
              hosts:
                - '*'
        """;

    /// <summary>The seed's Deployment for one service version (mocka-v1, mockb-v3, mocka-dev-alice, ...).</summary>
    public static string Deployment(string app, string version)
    {
        var calls = Upstream[app];
        var upstream = calls.Length == 0 ? "" : $"\n        - name: upstream_url\n          value: \"http://{calls}:8000/\"";
        return $"""
            apiVersion: apps/v1
            kind: Deployment
            metadata:
              name: {app}-{version}
              labels:
                app: {app}
                version: {version}
            spec:
              replicas: 1
              selector:
                matchLabels:
                  app: {app}
                  version: {version}
                  ASM_TRAFFIC_TAG: {version}
              template:
                metadata:
                  labels:
                    app: {app}
                    version: {version}
                    ASM_TRAFFIC_TAG: {version}
                  annotations:
                    instrumentation.opentelemetry.io/inject-java: "true"
                    instrumentation.opentelemetry.io/container-names: "default"
                spec:
                  containers:
                  - name: default
                    image: registry-cn-hangzhou.ack.aliyuncs.com/acs/asm-mock:v0.1-java
                    env:
                    - name: version
                      value: {version}
                    - name: app
                      value: {app}{upstream}
                    ports:
                    - containerPort: 8000
            """;
    }

    /// <summary>The gateway VirtualService of seed 002: mocka subsets by weight, each route tagging the request.</summary>
    public static string IngressVirtualService(params (string Subset, string Tag, int Weight)[] routes)
    {
        var destinations = string.Concat(routes.Select(r => $"""

                    - destination:
                        host: mocka.default.svc.cluster.local
                        subset: {r.Subset}
                      weight: {r.Weight}
                      headers:
                        request:
                          set:
                            version: {r.Tag}
            """));
        return $"""
            apiVersion: networking.istio.io/v1beta1
            kind: VirtualService
            metadata:
              name: swimlane-ingress-vs
              namespace: istio-system
            spec:
              gateways:
                - istio-system/ingressgateway
              hosts:
                - '*'
              http:
                - route:{destinations}
            """;
    }

    /// <summary>A developer's entry on the dev gateway (seed 002: alice, caros, bob).</summary>
    public static string DevVirtualService(string developer, string subset, string tag) => $"""
        apiVersion: networking.istio.io/v1beta1
        kind: VirtualService
        metadata:
          name: swimlane-ingress-vs-{developer}
          namespace: istio-system
        spec:
          gateways:
            - istio-system/ingressgateway-dev
          hosts:
            - '*'
          http:
            - match:
                - headers:
                    {developer}-dev:
                      exact: "true"
              name: route-{developer}
              route:
                - destination:
                    host: mocka.default.svc.cluster.local
                    subset: {subset}
                  headers:
                    request:
                      set:
                        version: {tag}
        """;

    /// <summary>The seed's ASMSwimLaneGroup "mock" with the given baselines (serviceLevelFallback).</summary>
    public static string LaneGroup(string a, string b, string c) => $"""
        apiVersion: istio.alibabacloud.com/v1
        kind: ASMSwimLaneGroup
        metadata:
          name: mock
        spec:
          ingress:
            gateway:
              name: ingressgateway
              namespace: istio-system
              type: ASM
          isPermissive: true
          permissiveModeConfiguration:
            routeHeader: version
            serviceLevelFallback:
              default/mocka: {a}
              default/mockb: {b}
              default/mockc: {c}
            traceHeader: baggage
          services:
          - cluster:
              id: ce6ed3969d62c4baf89fb3b7f60be7f73
            name: mocka
            namespace: default
          - cluster:
              id: ce6ed3969d62c4baf89fb3b7f60be7f73
            name: mockb
            namespace: default
          - cluster:
              id: ce6ed3969d62c4baf89fb3b7f60be7f73
            name: mockc
            namespace: default
        """;

    /// <summary>An ASMSwimLane of group "mock" selecting pods labelled version: &lt;lane&gt;.</summary>
    public static string Lane(string name, params string[] services) => $"""
        apiVersion: istio.alibabacloud.com/v1
        kind: ASMSwimLane
        metadata:
          labels:
            swimlane-group: mock
          name: {name}
        spec:
          labelSelector:
            version: {name}
          services:{string.Concat(services.Select(s => $"\n  - name: {s}\n    namespace: default"))}
        """;
}
