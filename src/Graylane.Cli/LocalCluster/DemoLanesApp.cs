namespace Graylane.Cli.LocalCluster;

/// <summary>
/// Seed 002's mock app (mocka → mockb → mockc, v1) with the article's ASM lane group, lane v1 and gateway
/// VirtualService, in the demo namespace. Calls between services use the local cluster's graylane.io/calls annotation.
/// </summary>
internal static class DemoLanesApp
{
    public const string Host = "mock.example.com";
    public const string Gateway = "istio-system/ingressgateway";
    public const string DevGateway = "istio-system/ingressgateway-dev";
    public const string Image = "registry-cn-hangzhou.ack.aliyuncs.com/acs/asm-mock:v0.1-java";

    public static string Yaml => string.Join("\n---\n",
        "apiVersion: v1\nkind: Namespace\nmetadata:\n  name: demo",
        Service("mocka"), Service("mockb"), Service("mockc"),
        Deployment("mocka", "mockb"), Deployment("mockb", "mockc"), Deployment("mockc", null),
        Gateways("ingressgateway"), Gateways("ingressgateway-dev"), LaneGroup, IngressVirtualService);

    private static string Service(string name) => $"""
        apiVersion: v1
        kind: Service
        metadata:
          name: {name}
          labels: {"{"}app: {name}, service: {name}{"}"}
        spec:
          ports:
          - port: 8000
            name: http
          selector:
            app: {name}
        """;

    private static string Deployment(string app, string? calls) => $$"""
        apiVersion: apps/v1
        kind: Deployment
        metadata:
          name: {{app}}-v1
          labels: {app: {{app}}, version: v1}
        spec:
          replicas: 1
          selector:
            matchLabels: {app: {{app}}, version: v1, ASM_TRAFFIC_TAG: v1}
          template:
            metadata:
              labels: {app: {{app}}, version: v1, ASM_TRAFFIC_TAG: v1}
              annotations: {{(calls is null ? "{}" : $"{{graylane.io/calls: \"{calls}\"}}")}}
            spec:
              containers:
              - name: default
                image: {{Image}}
                env:
                - name: version
                  value: v1
                ports:
                - containerPort: 8000
        """;

    private static string Gateways(string name) => $"""
        apiVersion: networking.istio.io/v1beta1
        kind: Gateway
        metadata:
          name: {name}
          namespace: istio-system
        spec:
          selector:
            istio: {name}
          servers:
          - port: {"{"}number: 80, name: http, protocol: HTTP{"}"}
            hosts: ['*']
        """;

    private const string LaneGroup = """
        apiVersion: istio.alibabacloud.com/v1
        kind: ASMSwimLaneGroup
        metadata:
          name: mock
        spec:
          ingress:
            gateway: {name: ingressgateway, namespace: istio-system, type: ASM}
          isPermissive: true
          permissiveModeConfiguration:
            routeHeader: version
            serviceLevelFallback: {demo/mocka: v1, demo/mockb: v1, demo/mockc: v1}
            traceHeader: baggage
          services:
          - {name: mocka, namespace: demo}
          - {name: mockb, namespace: demo}
          - {name: mockc, namespace: demo}
        ---
        apiVersion: istio.alibabacloud.com/v1
        kind: ASMSwimLane
        metadata:
          labels: {swimlane-group: mock}
          name: v1
        spec:
          labelSelector: {version: v1}
          services:
          - {name: mocka, namespace: demo}
          - {name: mockb, namespace: demo}
          - {name: mockc, namespace: demo}
        """;

    private const string IngressVirtualService = """
        apiVersion: networking.istio.io/v1beta1
        kind: VirtualService
        metadata:
          name: swimlane-ingress-vs
          namespace: istio-system
        spec:
          gateways: [istio-system/ingressgateway]
          hosts: ['*']
          http:
          - route:
            - destination: {host: mocka.demo.svc.cluster.local, subset: v1}
              headers:
                request:
                  set: {version: v1}
        """;
}
