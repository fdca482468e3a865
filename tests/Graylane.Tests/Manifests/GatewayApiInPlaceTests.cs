using Graylane.Core.Json;
using Graylane.LocalCluster.Routing;
using Graylane.Tests.Support;

namespace Graylane.Tests.Manifests;

/// <summary>
/// A release from manifests through --router gateway-api, promoted in place: the stable Deployment keeps its name, and at
/// the end the user's Service selector and HTTPRoute are exactly as before the release — now in front of the new version.
/// </summary>
public class GatewayApiInPlaceTests
{
    public const string Route = """
        apiVersion: gateway.networking.k8s.io/v1
        kind: HTTPRoute
        metadata: {name: web}
        spec:
          parentRefs: [{name: public, namespace: infra}]
          hostnames: [shop.example.com]
          rules:
          - name: main
            backendRefs: [{name: web, port: 80}]
        """;

    /// <summary>What count requests through the gateway see of GREETING ("hello-v1" → 20).</summary>
    private static Dictionary<string, int> Seen(ManifestCluster m, int count = 20) =>
        m.Cluster.Server.Router.RouteMany(GatewayShop.Request(), count)
            .Select(p => p.Error is not null || p.Hops.Count == 0 || p.Hops[0].Pod is null ? "error: " + p.Error
                : m.Cluster.Server.ShowEnvironment("default", p.Hops[0].Pod!, "GREETING")["GREETING=".Length..])
            .GroupBy(v => v).ToDictionary(g => g.Key, g => g.Count());

    [Fact]
    public async Task Promote_in_place_gives_the_user_service_and_route_back_in_front_of_the_updated_stable()
    {
        await using var m = await ManifestCluster.StartAsync(WebApp.WithoutAutoscaler + "---\n" + GatewayShop.Infra + "\n---\n" + Route);
        await m.Cluster.Server.WaitIdleAsync();
        var route = ServerFields.Strip(GatewayShop.HttpRoute(m.Cluster.Server)!).ToJsonString();
        // The promote applies the manifests' Service as kubectl apply would (its last-applied annotation): its spec is the user's.
        var service = m.Cluster.Service("web")!["spec"]!.ToJsonString();
        var file = m.Write("k8s/web.yaml", InPlaceReleaseTests.V2);

        var (code, host) = await m.RunAsync("deploy-gray", ("manifests", file), ("images", "registry.example.com/shop/web:2.0"), ("version", "v2"),
            ("router", "gateway-api"), ("http-route", "web"));
        Assert.True(code == 0, host.Log);
        Assert.Equal(new Dictionary<string, int> { ["hello-v1"] = 20 }, Seen(m));
        (code, host) = await m.RunAsync("shift-traffic", ("app", "web"), ("weight", "100"));
        Assert.True(code == 0, host.Log);
        Assert.Equal(new Dictionary<string, int> { ["hello-v2"] = 20 }, Seen(m));

        (code, host) = await m.RunAsync("promote", ("app", "web"));
        Assert.True(code == 0, host.Log);
        await m.Cluster.WaitReadyAsync("web");
        await m.Cluster.Server.WaitIdleAsync();
        Assert.Equal(["web"], m.Cluster.Server.List("apps/v1", "Deployment", "default").Select(Obj.Name));
        Assert.Equal("registry.example.com/shop/web:2.0", (string?)m.Cluster.Deployment("web")!["spec"]!["template"]!["spec"]!["containers"]![0]!["image"]);
        Assert.Equal(route, ServerFields.Strip(GatewayShop.HttpRoute(m.Cluster.Server)!).ToJsonString());
        Assert.Equal(service, m.Cluster.Service("web")!["spec"]!.ToJsonString());
        Assert.Null(m.Cluster.Service("web-v2"));
        Assert.Equal(new Dictionary<string, int> { ["hello-v2"] = 20 }, Seen(m));

        (code, host) = await m.RunAsync("rollback", ("app", "web"));
        Assert.True(code == 0, host.Log);
        await m.Cluster.WaitReadyAsync("web");
        await m.Cluster.Server.WaitIdleAsync();
        Assert.Equal(route, ServerFields.Strip(GatewayShop.HttpRoute(m.Cluster.Server)!).ToJsonString());
        Assert.Equal(service, m.Cluster.Service("web")!["spec"]!.ToJsonString());
        Assert.Equal(new Dictionary<string, int> { ["hello-v1"] = 20 }, Seen(m));
    }
}
