using Graylane.Core.Json;
using Graylane.Tests.Reliability;

namespace Graylane.Tests.Manifests;

/// <summary>
/// Objects of the manifests other than the Deployment and its config (a Service, a PodDisruptionBudget) are listed at
/// deploy-gray with their diff and left as they are during the release (the Service's selector stays Graylane's); promote
/// applies them after a snapshot and, once --scale-down-delay has passed, leaves no &lt;name&gt;-&lt;version&gt;; rollback puts them back.
/// </summary>
public class AppliedAtPromoteTests
{
    private static string V2 => ManifestReleaseFiles.V2.Replace("kind: Service\nmetadata:\n  name: web\n", "kind: Service\nmetadata:\n  name: web\n  labels:\n    tier: front\n");

    private static int? MinAvailable(ManifestCluster m) => Obj.Int(m.Get("policy/v1", "PodDisruptionBudget", "web")!["spec"]!["minAvailable"]);

    [Fact]
    public async Task Listed_at_deploy_gray_applied_at_promote_and_restored_by_rollback()
    {
        Assert.Contains("tier: front", V2);
        await using var m = await ManifestCluster.StartAsync(ManifestReleaseFiles.V1);
        await m.Cluster.Server.WaitIdleAsync();
        var file = m.Write("k8s/web.yaml", V2);

        var (code, host) = await m.RunAsync("deploy-gray", ("manifests", file), ("version", "v2"));
        Assert.True(code == 0, host.Log);
        Assert.Contains("PodDisruptionBudget web", host.Log);
        Assert.Contains("~ spec.minAvailable: 1 -> 2", host.Log);
        Assert.Contains("+ metadata.labels", host.Log); // the Service's new label, listed but not applied yet
        Assert.Equal(1, MinAvailable(m));
        Assert.Null(m.Cluster.Service("web")!["metadata"]!["labels"]?["tier"]);
        Assert.Equal("pod-template-hash", Assert.Single(m.Cluster.Service("web")!["spec"]!["selector"]!.AsObject(), kv => kv.Key != "app").Key); // Graylane's pin

        (code, host) = await m.RunAsync("promote", ("app", "web"), ("scale-down-delay", "1s"));
        Assert.True(code == 0, host.Log);
        Assert.Contains("Keeping the old version", host.Log);
        Assert.Equal(2, MinAvailable(m));
        Assert.Equal("front", (string?)m.Cluster.Service("web")!["metadata"]!["labels"]!["tier"]);
        Assert.Equal("""{"app":"web"}""", m.Cluster.Service("web")!["spec"]!["selector"]!.ToJsonString());
        Assert.Equal(["web"], m.Cluster.Server.List("apps/v1", "Deployment", "default").Select(Obj.Name));
        Assert.Equal(["web"], m.Cluster.Server.List("autoscaling/v2", "HorizontalPodAutoscaler", "default").Select(Obj.Name));

        (code, host) = await m.RunAsync("rollback", ("app", "web"));
        Assert.True(code == 0, host.Log);
        Assert.Equal(1, MinAvailable(m));
        Assert.Null(m.Cluster.Service("web")!["metadata"]!["labels"]?["tier"]);
        Assert.Equal(10, Obj.Int(m.Get("autoscaling/v2", "HorizontalPodAutoscaler", "web")!["spec"]!["maxReplicas"]));
    }
}
