using System.Text.Json.Nodes;
using Graylane.Core.Json;

namespace Graylane.Tests.Manifests;

/// <summary>
/// A release from manifests of an app with an HPA on its Deployment (the common production shape): the gray gets an HPA
/// copy for the length of the release, the original keeps targeting the stable name throughout, the copy goes at promote
/// and at rollback, and the replicas the HPA set are never reset to the manifest's count.
/// </summary>
public class AutoscalerReleaseTests(Xunit.Abstractions.ITestOutputHelper output)
{
    /// <summary>Version 2: a new greeting, and the HPA may scale further.</summary>
    private static string V2 => WebApp.Yaml
        .Replace("greeting: hello-v1", "greeting: hello-v2")
        .Replace("maxReplicas: 10", "maxReplicas: 12");

    private static async Task<ManifestCluster> StartAsync()
    {
        var m = await ManifestCluster.StartAsync(WebApp.Yaml);
        await m.Cluster.Server.WaitIdleAsync();
        return m;
    }

    private static JsonObject? Hpa(ManifestCluster m, string name) => m.Get("autoscaling/v2", "HorizontalPodAutoscaler", name);

    private static List<string> Hpas(ManifestCluster m) =>
        m.Cluster.Server.List("autoscaling/v2", "HorizontalPodAutoscaler", "default").Select(Obj.Name).Order().ToList();

    private static string? Target(JsonObject? hpa) => (string?)hpa?["spec"]?["scaleTargetRef"]?["name"];

    private static int? Replicas(ManifestCluster m, string deployment) => Obj.Int(m.Cluster.Deployment(deployment)?["spec"]?["replicas"]);

    /// <summary>What the HPA controller does under load: it scales the Deployment through its spec.</summary>
    private static async Task ScaleAsHpaWouldAsync(ManifestCluster m, string deployment, int replicas)
    {
        // As a controller does: read, write with the read's resourceVersion, read again on a conflict (the local
        // cluster's own controllers may write the Deployment's status in between).
        for (var attempt = 1; ; attempt++)
        {
            var d = m.Cluster.Deployment(deployment)!;
            d["spec"]!["replicas"] = replicas;
            try
            {
                await m.Cluster.Server.ApplyYamlAsync(d.ToJsonString());
                break;
            }
            catch (InvalidOperationException e) when (attempt < 10 && e.Message.Contains("the object has been modified", StringComparison.Ordinal)) { }
        }
        await m.Cluster.WaitReadyAsync(deployment);
    }

    [Fact]
    public async Task The_gray_gets_an_hpa_copy_for_the_release_and_promote_keeps_the_stable_name_its_hpa_and_its_replicas()
    {
        await using var m = await StartAsync();
        await ScaleAsHpaWouldAsync(m, "web", 4);
        var file = m.Write("k8s/web.yaml", V2);

        var (code, host) = await m.RunAsync("deploy-gray", ("manifests", file), ("version", "v2"));
        output.WriteLine(host.Log);
        Assert.True(code == 0, host.Log);
        Assert.Equal(["web", "web-v2"], Hpas(m));
        var copy = Hpa(m, "web-v2")!;
        Assert.Equal("web-v2", Target(copy));
        Assert.Equal(12, Obj.Int(copy["spec"]!["maxReplicas"]));          // the new version's bounds, from the manifests
        Assert.Equal(2, Obj.Int(copy["spec"]!["minReplicas"]));
        Assert.Equal(70, Obj.Int(copy["spec"]!["metrics"]![0]!["resource"]!["target"]!["averageUtilization"]));
        Assert.Equal("web", Target(Hpa(m, "web")));                         // the original still scales the stable
        Assert.Equal(10, Obj.Int(Hpa(m, "web")!["spec"]!["maxReplicas"]));  // and is changed only at promote
        Assert.Equal(4, Replicas(m, "web-v2"));                             // the gray starts at the baseline's scale
        Assert.Contains("HorizontalPodAutoscaler web", host.Log);

        Assert.Equal(0, (await m.RunAsync("shift-traffic", ("app", "web"), ("weight", "100"))).Code);
        (code, host) = await m.RunAsync("promote", ("app", "web"));
        output.WriteLine(host.Log);
        Assert.True(code == 0, host.Log);
        Assert.Equal(["web"], Hpas(m));                                     // the copy went with the gray
        Assert.Equal("web", Target(Hpa(m, "web")));
        Assert.Equal(12, Obj.Int(Hpa(m, "web")!["spec"]!["maxReplicas"]));  // the manifests' HPA, applied at promote
        Assert.Equal(["web"], m.Cluster.Server.List("apps/v1", "Deployment", "default").Select(Obj.Name));
        Assert.Equal(4, Replicas(m, "web"));                                // not the manifests' 2: the HPA's count stays
        Assert.Contains("Deployment web: replicas stay 4, as HorizontalPodAutoscaler web set them (the manifests say 2)", host.Log);
        await m.Cluster.WaitReadyAsync("web");
        Assert.Equal(new Dictionary<string, int> { ["hello-v2"] = 20 }, m.Seen("web", "GREETING"));

        // The HPA scales the promoted stable further; rollback brings the previous template back at that scale.
        await ScaleAsHpaWouldAsync(m, "web", 5);
        (code, host) = await m.RunAsync("rollback", ("app", "web"));
        output.WriteLine(host.Log);
        Assert.True(code == 0, host.Log);
        Assert.Equal(["web"], Hpas(m));
        Assert.Equal(10, Obj.Int(Hpa(m, "web")!["spec"]!["maxReplicas"]));  // the HPA as it was before the release
        Assert.Equal("web", Target(Hpa(m, "web")));
        Assert.Equal(5, Replicas(m, "web"));
        Assert.Equal("registry.example.com/shop/web:1.0", (string?)m.Cluster.Deployment("web")!["spec"]!["template"]!["spec"]!["containers"]![0]!["image"]);
        await m.Cluster.Server.WaitIdleAsync();
        Assert.Equal(new Dictionary<string, int> { ["hello-v1"] = 20 }, m.Seen("web", "GREETING"));
    }

    [Fact]
    public async Task Rollback_before_promote_removes_the_hpa_copy_and_leaves_the_original_as_it_was()
    {
        await using var m = await StartAsync();
        var before = ServerFields.Strip(Hpa(m, "web")!).ToJsonString();
        var file = m.Write("k8s/web.yaml", V2);
        Assert.Equal(0, (await m.RunAsync("deploy-gray", ("manifests", file), ("version", "v2"))).Code);
        Assert.Equal(["web", "web-v2"], Hpas(m));

        var (code, host) = await m.RunAsync("rollback", ("app", "web"));
        Assert.True(code == 0, host.Log);
        Assert.Equal(["web"], Hpas(m));
        Assert.Equal(before, ServerFields.Strip(Hpa(m, "web")!).ToJsonString());
        Assert.Null(m.Cluster.Deployment("web-v2"));
        Assert.Equal(2, Replicas(m, "web"));
    }
}
