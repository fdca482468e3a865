using Graylane.Core.Json;
using Graylane.Tests.Support;

namespace Graylane.Tests.Manifests;

/// <summary>
/// A release from manifests through --router nginx, promoted in place: the stable Deployment keeps its name, the canary
/// Ingress and Service go, and the user's Ingress and Service are exactly as before — now in front of the new version;
/// a rollback after the promote gives back the previous version under the same name.
/// </summary>
public class NginxInPlaceTests
{
    public const string Ingress = """
        apiVersion: networking.k8s.io/v1
        kind: Ingress
        metadata:
          name: web
          annotations:
            nginx.ingress.kubernetes.io/proxy-body-size: 8m
        spec:
          ingressClassName: nginx
          rules:
          - host: shop.example.com
            http:
              paths:
              - {path: /, pathType: Prefix, backend: {service: {name: web, port: {number: 80}}}}
        """;

    /// <summary>What count requests through the controller see of GREETING ("hello-v1" → 20).</summary>
    private static Dictionary<string, int> Seen(ManifestCluster m, int count = 20) =>
        m.Cluster.Server.Router.RouteMany(NginxShop.Request(), count)
            .Select(p => p.Error is not null || p.Hops.Count == 0 || p.Hops[0].Pod is null ? "error: " + p.Error
                : m.Cluster.Server.ShowEnvironment("default", p.Hops[0].Pod!, "GREETING")["GREETING=".Length..])
            .GroupBy(v => v).ToDictionary(g => g.Key, g => g.Count());

    [Fact]
    public async Task Promote_in_place_leaves_the_users_ingress_and_service_in_front_of_the_updated_stable()
    {
        await using var m = await ManifestCluster.StartAsync(WebApp.WithoutAutoscaler + "---\n" + Ingress);
        await m.Cluster.Server.WaitIdleAsync();
        var ingresses = Ingresses(m);
        var service = m.Cluster.Service("web")!["spec"]!.ToJsonString();
        var file = m.Write("k8s/web.yaml", InPlaceReleaseTests.V2);

        var (code, host) = await m.RunAsync("deploy-gray", ("manifests", file), ("images", "registry.example.com/shop/web:2.0"), ("version", "v2"), ("router", "nginx"));
        Assert.True(code == 0, host.Log);
        await m.Cluster.Server.WaitIdleAsync();
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
        Assert.Equal(ingresses, Ingresses(m)); // the canary Ingress is gone, the user's as it was
        Assert.Equal(service, m.Cluster.Service("web")!["spec"]!.ToJsonString());
        Assert.Equal(["web"], m.Cluster.Server.List("v1", "Service", "default").Select(Obj.Name).Where(n => n != "kubernetes"));
        Assert.Equal(new Dictionary<string, int> { ["hello-v2"] = 20 }, Seen(m));

        (code, host) = await m.RunAsync("rollback", ("app", "web"));
        Assert.True(code == 0, host.Log);
        await m.Cluster.WaitReadyAsync("web");
        await m.Cluster.Server.WaitIdleAsync();
        Assert.Equal(["web"], m.Cluster.Server.List("apps/v1", "Deployment", "default").Select(Obj.Name));
        Assert.Equal(ingresses, Ingresses(m));
        Assert.Equal(service, m.Cluster.Service("web")!["spec"]!.ToJsonString());
        Assert.Equal(new Dictionary<string, int> { ["hello-v1"] = 20 }, Seen(m));
    }

    private static string Ingresses(ManifestCluster m) => string.Join("\n", m.Cluster.Server.List("networking.k8s.io/v1", "Ingress", "default")
        .OrderBy(Obj.Name).Select(o => ServerFields.Strip(o).ToJsonString()));
}
