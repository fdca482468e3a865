using System.Text.Json.Nodes;
using Graylane.Core.Json;
using Graylane.Tests.Reliability;
using Xunit.Abstractions;

namespace Graylane.Tests.Manifests;

/// <summary>
/// A release from manifests through --router istio, promoted in place: the stable Deployment keeps its name, the mesh
/// routes all traffic to its pods — the user's own route back (app: web only) or the new version's subset (a version label
/// that changes) — no web-v2 is left, and a rollback after the promote gives back the previous template under the same
/// name and the VirtualService and DestinationRule exactly as they were.
/// </summary>
public class IstioInPlaceTests(ITestOutputHelper output)
{
    /// <summary>The user's mesh objects of an app labelled app: web only: a route to the Service (retries, a port), a traffic policy.</summary>
    public const string UnlabelledMesh = """
        apiVersion: networking.istio.io/v1
        kind: VirtualService
        metadata: {name: web, annotations: {team: shop}}
        spec:
          hosts: [web]
          http:
            - name: primary
              retries: {attempts: 3, perTryTimeout: 2s}
              route: [{destination: {host: web, port: {number: 80}}}]
        ---
        apiVersion: networking.istio.io/v1
        kind: DestinationRule
        metadata: {name: web}
        spec:
          host: web
          trafficPolicy: {loadBalancer: {simple: ROUND_ROBIN}}
        """;

    /// <summary>The user's mesh objects of an app labelled version: v1: the route pins subset v1.</summary>
    public const string LabelledMesh = """
        apiVersion: networking.istio.io/v1
        kind: VirtualService
        metadata: {name: web}
        spec:
          hosts: [web]
          http:
            - name: primary
              timeout: 10s
              route: [{destination: {host: web, subset: v1}}]
        ---
        apiVersion: networking.istio.io/v1
        kind: DestinationRule
        metadata: {name: web}
        spec:
          host: web
          subsets:
            - name: v1
              labels: {version: v1}
        """;

    private static JsonObject? Mesh(ManifestCluster m, string kind, string name) =>
        m.Get("networking.istio.io/v1", kind, name) is { } o ? ServerFields.Strip(o) : null;

    private static string MeshState(ManifestCluster m) => string.Join("\n", new[] { "VirtualService", "DestinationRule" }
        .SelectMany(k => m.Cluster.Server.List("networking.istio.io/v1", k, "default")).OrderBy(o => $"{o["kind"]}/{Obj.Name(o)}")
        .Select(o => $"{o["kind"]}/{Obj.Name(o)} {ServerFields.Strip(o).ToJsonString()}"));

    [Fact]
    public async Task An_app_labelled_app_web_only_gets_its_own_route_back_in_front_of_the_updated_stable()
    {
        await using var m = await ManifestCluster.StartAsync(WebApp.WithoutAutoscaler + "---\n" + UnlabelledMesh);
        await m.Cluster.Server.WaitIdleAsync();
        var mesh = MeshState(m);
        var service = m.Cluster.Service("web")!["spec"]!.ToJsonString();
        var file = m.Write("k8s/web.yaml", InPlaceReleaseTests.V2);

        var (code, host) = await m.RunAsync("deploy-gray", ("manifests", file), ("images", "registry.example.com/shop/web:2.0"), ("version", "v2"), ("router", "istio"));
        Assert.True(code == 0, host.Log);
        await m.Cluster.Server.WaitIdleAsync();
        Assert.Equal(new Dictionary<string, int> { ["hello-v1"] = 20 }, m.Seen("web", "GREETING"));
        (code, host) = await m.RunAsync("shift-traffic", ("app", "web"), ("weight", "100"));
        Assert.True(code == 0, host.Log);
        Assert.Equal(new Dictionary<string, int> { ["hello-v2"] = 20 }, m.Seen("web", "GREETING"));

        (code, host) = await m.RunAsync("promote", ("app", "web"));
        output.WriteLine(host.Log);
        Assert.True(code == 0, host.Log);
        Assert.Contains("VirtualService web: route primary goes to the route as you had it, in front of Deployment web", host.Log);
        await m.Cluster.WaitReadyAsync("web");
        await m.Cluster.Server.WaitIdleAsync();
        Assert.Equal(["web"], m.Cluster.Server.List("apps/v1", "Deployment", "default").Select(Obj.Name));
        Assert.Equal("registry.example.com/shop/web:2.0", (string?)m.Cluster.Deployment("web")!["spec"]!["template"]!["spec"]!["containers"]![0]!["image"]);
        // The mesh objects exactly as the user had them: nothing keyed on a pod-template-hash is left behind.
        Assert.Equal(mesh, MeshState(m));
        Assert.Equal(service, m.Cluster.Service("web")!["spec"]!.ToJsonString());
        Assert.Equal(new Dictionary<string, int> { ["hello-v2"] = 20 }, m.Seen("web", "GREETING"));
        (code, host) = await m.RunAsync("status", ("app", "web"));
        Assert.True(code == 0, host.Log);
        Assert.Contains("promoted in place: the mesh sends all traffic to Deployment web", host.Log);

        (code, host) = await m.RunAsync("rollback", ("app", "web"));
        output.WriteLine(host.Log);
        Assert.True(code == 0, host.Log);
        Assert.Contains("All traffic on web-rollback (the previous version)", host.Log);
        await m.Cluster.WaitReadyAsync("web");
        await m.Cluster.Server.WaitIdleAsync();
        Assert.Equal(["web"], m.Cluster.Server.List("apps/v1", "Deployment", "default").Select(Obj.Name));
        Assert.Equal(mesh, MeshState(m));
        Assert.Equal(service, m.Cluster.Service("web")!["spec"]!.ToJsonString());
        Assert.Equal("registry.example.com/shop/web:1.0", (string?)m.Cluster.Deployment("web")!["spec"]!["template"]!["spec"]!["containers"]![0]!["image"]);
        Assert.Equal(new Dictionary<string, int> { ["hello-v1"] = 20 }, m.Seen("web", "GREETING"));
    }

    [Fact]
    public async Task A_version_label_that_changes_ends_on_the_new_version_subset_and_rollback_puts_the_subset_v1_route_back()
    {
        var v1 = ManifestsRecreateFaultMatrixTests.Labelled(WebApp.WithoutAutoscaler, "v1");
        await using var m = await ManifestCluster.StartAsync(v1 + "---\n" + LabelledMesh);
        await m.Cluster.Server.WaitIdleAsync();
        var mesh = MeshState(m);
        var file = m.Write("k8s/web.yaml", ManifestsRecreateFaultMatrixTests.Labelled(InPlaceReleaseTests.V2, "v2"));

        var (code, host) = await m.RunAsync("deploy-gray", ("manifests", file), ("router", "istio"));
        Assert.True(code == 0, host.Log);
        (code, host) = await m.RunAsync("promote", ("app", "web"));
        output.WriteLine(host.Log);
        Assert.True(code == 0, host.Log);
        Assert.Contains("so it is recreated while the gray serves all traffic", host.Log);
        Assert.Contains("VirtualService web: route primary goes to subset v2, in front of Deployment web", host.Log);
        await m.Cluster.WaitReadyAsync("web");
        await m.Cluster.Server.WaitIdleAsync();
        Assert.Equal(["web"], m.Cluster.Server.List("apps/v1", "Deployment", "default").Select(Obj.Name));
        Assert.Equal("v2", (string?)m.Cluster.Deployment("web")!["spec"]!["selector"]!["matchLabels"]!["version"]);
        var route = Mesh(m, "VirtualService", "web")!["spec"]!["http"]!.AsArray();
        Assert.Equal("""[{"name":"primary","timeout":"10s","route":[{"destination":{"host":"web","subset":"v2"}}]}]""", route.ToJsonString());
        Assert.Equal("""[{"name":"v1","labels":{"version":"v1"}},{"name":"v2","labels":{"version":"v2"}}]""",
            Mesh(m, "DestinationRule", "web")!["spec"]!["subsets"]!.ToJsonString());
        Assert.Equal(new Dictionary<string, int> { ["hello-v2"] = 20 }, m.Seen("web", "GREETING"));

        (code, host) = await m.RunAsync("rollback", ("app", "web"));
        output.WriteLine(host.Log);
        Assert.True(code == 0, host.Log);
        Assert.Contains("so it is recreated while web-rollback serves", host.Log);
        await m.Cluster.WaitReadyAsync("web");
        await m.Cluster.Server.WaitIdleAsync();
        Assert.Equal(["web"], m.Cluster.Server.List("apps/v1", "Deployment", "default").Select(Obj.Name));
        Assert.Equal("v1", (string?)m.Cluster.Deployment("web")!["spec"]!["selector"]!["matchLabels"]!["version"]);
        Assert.Equal(mesh, MeshState(m));
        Assert.Equal(new Dictionary<string, int> { ["hello-v1"] = 20 }, m.Seen("web", "GREETING"));
    }

    [Fact]
    public async Task Another_route_to_subset_v1_is_refused_or_moved_with_move_routes_and_rollback_moves_it_back()
    {
        var v1 = ManifestsRecreateFaultMatrixTests.Labelled(WebApp.WithoutAutoscaler, "v1");
        var mesh = LabelledMesh.Replace("  http:\n", "  http:\n    - name: admin\n      match: [{uri: {prefix: /admin}}]\n      route: [{destination: {host: web, subset: v1}}]\n");
        Assert.Contains("name: admin", mesh);
        await using var m = await ManifestCluster.StartAsync(v1 + "---\n" + mesh);
        await m.Cluster.Server.WaitIdleAsync();
        var before = MeshState(m);
        var file = m.Write("k8s/web.yaml", ManifestsRecreateFaultMatrixTests.Labelled(InPlaceReleaseTests.V2, "v2"));
        var (code, host) = await m.RunAsync("deploy-gray", ("manifests", file), ("router", "istio"), ("route", "primary"));
        Assert.True(code == 0, host.Log);

        (code, host) = await m.RunAsync("promote", ("app", "web"));
        Assert.Equal(1, code);
        Assert.Contains("admin", host.Log);
        Assert.Equal(2, m.Cluster.Server.List("apps/v1", "Deployment", "default").Count); // nothing changed

        (code, host) = await m.RunAsync("promote", ("app", "web"), ("move-routes", "true"));
        Assert.True(code == 0, host.Log);
        var admin = Mesh(m, "VirtualService", "web")!["spec"]!["http"]!.AsArray().Single(r => (string?)r!["name"] == "admin")!;
        Assert.Equal("v2", (string?)admin["route"]![0]!["destination"]!["subset"]);
        Assert.Equal(["web"], m.Cluster.Server.List("apps/v1", "Deployment", "default").Select(Obj.Name));

        (code, host) = await m.RunAsync("rollback", ("app", "web"));
        Assert.True(code == 0, host.Log);
        await m.Cluster.Server.WaitIdleAsync();
        Assert.Equal(before, MeshState(m));
    }

    [Fact]
    public async Task Without_mesh_objects_of_the_user_graylane_removes_its_own_at_promote_and_after_the_rollback()
    {
        await using var m = await ManifestCluster.StartAsync(WebApp.WithoutAutoscaler);
        await m.Cluster.Server.WaitIdleAsync();
        var file = m.Write("k8s/web.yaml", InPlaceReleaseTests.V2);
        var (code, host) = await m.RunAsync("deploy-gray", ("manifests", file), ("version", "v2"), ("router", "istio"));
        Assert.True(code == 0, host.Log);
        Assert.NotNull(Mesh(m, "VirtualService", "graylane-web"));
        (code, host) = await m.RunAsync("promote", ("app", "web"));
        Assert.True(code == 0, host.Log);
        await m.Cluster.WaitReadyAsync("web");
        await m.Cluster.Server.WaitIdleAsync();
        Assert.Equal("", MeshState(m));
        Assert.Equal(["web"], m.Cluster.Server.List("apps/v1", "Deployment", "default").Select(Obj.Name));
        Assert.Equal(new Dictionary<string, int> { ["hello-v2"] = 20 }, m.Seen("web", "GREETING"));

        (code, host) = await m.RunAsync("rollback", ("app", "web"));
        Assert.True(code == 0, host.Log);
        await m.Cluster.Server.WaitIdleAsync();
        Assert.Equal("", MeshState(m));
        Assert.Equal(["web"], m.Cluster.Server.List("apps/v1", "Deployment", "default").Select(Obj.Name));
        Assert.Equal(new Dictionary<string, int> { ["hello-v1"] = 20 }, m.Seen("web", "GREETING"));
    }

    [Fact]
    public async Task A_canary_service_is_refused_with_manifests_before_any_write()
    {
        await using var m = await ManifestCluster.StartAsync(WebApp.WithoutAutoscaler + "---\n" + UnlabelledMesh);
        await m.Cluster.Server.WaitIdleAsync();
        var file = m.Write("k8s/web.yaml", InPlaceReleaseTests.V2);
        var writes = await m.Cluster.WritesAsync();
        var (code, host) = await m.RunAsync("deploy-gray", ("manifests", file), ("version", "v2"), ("router", "istio"), ("canary-service", "web-canary"));
        Assert.Equal(2, code);
        Assert.Contains("--canary-service does not go with an in-place promote (--manifests)", host.Log);
        Assert.Equal(writes, await m.Cluster.WritesAsync());
    }
}
