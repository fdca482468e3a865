using Graylane.LocalCluster.Routing;
using Graylane.Tests.Support;

namespace Graylane.Tests.Lanes;

/// <summary>
/// Seed 002's mock app (mocka → mockb → mockc, each Deployment <c>&lt;svc&gt;-v1</c> labelled version: v1) and the
/// production and dev gateways, as the seed writes them: each service names its upstream in an upstream_url env var,
/// which the local cluster follows as the call graph.
/// </summary>
internal static class MockApp
{
    public const string Gateway = "istio-system/ingressgateway";
    public const string DevGateway = "istio-system/ingressgateway-dev";
    public const string Image = "registry-cn-hangzhou.ack.aliyuncs.com/acs/asm-mock:v0.1-java";
    public const string V1V1V1 = "-> mocka(v1) -> mockb(v1) -> mockc(v1)";
    public const string V2V1V2 = "-> mocka(v2) -> mockb(v1) -> mockc(v2)";
    public const string V2V3V2 = "-> mocka(v2) -> mockb(v3) -> mockc(v2)";

    private static readonly Dictionary<string, string> Upstream = new() { ["mocka"] = "mockb", ["mockb"] = "mockc", ["mockc"] = "" };

    public static string Service(string name) => $"""
        apiVersion: v1
        kind: Service
        metadata:
          name: {name}
          labels:
            app: {name}
            service: {name}
        spec:
          ports:
          - port: 8000
            name: http
          selector:
            app: {name}
        """;

    public static string Deployment(string app, string version)
    {
        var calls = Upstream[app];
        var upstreamEnv = calls.Length == 0 ? "" : $"\n        - name: upstream_url\n          value: \"http://{calls}:8000/\"";
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
                    image: {Image}
                    imagePullPolicy: IfNotPresent
                    env:
                    - name: version
                      value: {version}
                    - name: app
                      value: {app}{upstreamEnv}
                    ports:
                    - containerPort: 8000
            """;
    }

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

    /// <summary>Seed 002 step one: the three services at v1 and both gateways.</summary>
    public static string V1 => string.Join("\n---\n", Service("mocka"), Service("mockb"), Service("mockc"),
        Deployment("mocka", "v1"), Deployment("mockb", "v1"), Deployment("mockc", "v1"), Gateways);

    public static async Task<ClusterFixture> StartAsync()
    {
        var c = await ClusterFixture.StartAsync(V1, "mocka-v1");
        await c.WaitReadyAsync("mockb-v1");
        await c.WaitReadyAsync("mockc-v1");
        return c;
    }

    public static IReadOnlyList<RoutePath> AtGateway(ClusterFixture c, int count, string gateway = Gateway, Dictionary<string, string>? headers = null) =>
        c.Server.Router.RouteMany(new RouteRequest("default", "mock.example.com", headers ?? [], new Dictionary<string, string>(),
            new Dictionary<string, string>(), "/", gateway), count);

    /// <summary>A request inside the mesh to mocka, tagged for a lane or not.</summary>
    public static string InMesh(ClusterFixture c, string? lane = null) =>
        c.Server.Router.Route(new RouteRequest("default", "mocka", lane is null ? [] : new Dictionary<string, string> { ["version"] = lane },
            new Dictionary<string, string>(), new Dictionary<string, string>())).Text;

    public static Dictionary<string, int> Tally(IEnumerable<RoutePath> paths) => paths.GroupBy(p => p.Text).ToDictionary(g => g.Key, g => g.Count());
}
