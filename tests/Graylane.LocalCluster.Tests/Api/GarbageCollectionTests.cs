using k8s;
using k8s.Models;

namespace Graylane.LocalCluster.Tests.Api;

/// <summary>Owner references: cascading delete (recursive) and Orphan.</summary>
public sealed class GarbageCollectionTests
{
    private static V1ConfigMap OwnedBy(string name, V1ObjectMeta owner, string kind, string apiVersion)
    {
        var cm = Objects.ConfigMap(name);
        cm.Metadata.OwnerReferences = [new V1OwnerReference { ApiVersion = apiVersion, Kind = kind, Name = owner.Name, Uid = owner.Uid }];
        return cm;
    }

    [Fact]
    public async Task Deleting_an_owner_deletes_its_dependents_recursively()
    {
        await using var c = await TestCluster.StartAsync();
        var d = await c.Client.AppsV1.CreateNamespacedDeploymentAsync(Objects.Deployment("web"), "default");
        var child = await c.Client.CoreV1.CreateNamespacedConfigMapAsync(OwnedBy("child", d.Metadata, "Deployment", "apps/v1"), "default");
        await c.Client.CoreV1.CreateNamespacedConfigMapAsync(OwnedBy("grandchild", child.Metadata, "ConfigMap", "v1"), "default");
        await c.Client.CoreV1.CreateNamespacedConfigMapAsync(Objects.ConfigMap("unrelated"), "default");

        await c.Client.AppsV1.DeleteNamespacedDeploymentAsync("web", "default");
        var left = (await c.Client.CoreV1.ListNamespacedConfigMapAsync("default")).Items.Select(i => i.Metadata.Name);
        Assert.Equal(["unrelated"], left);
    }

    [Fact]
    public async Task Orphan_keeps_dependents_and_removes_the_reference()
    {
        await using var c = await TestCluster.StartAsync();
        var d = await c.Client.AppsV1.CreateNamespacedDeploymentAsync(Objects.Deployment("web"), "default");
        await c.Client.CoreV1.CreateNamespacedConfigMapAsync(OwnedBy("child", d.Metadata, "Deployment", "apps/v1"), "default");
        await c.Client.AppsV1.DeleteNamespacedDeploymentAsync("web", "default", new V1DeleteOptions { PropagationPolicy = "Orphan" });
        var child = await c.Client.CoreV1.ReadNamespacedConfigMapAsync("child", "default");
        Assert.True(child.Metadata.OwnerReferences is null or { Count: 0 });
    }

    [Fact]
    public async Task Delete_preconditions_must_match()
    {
        await using var c = await TestCluster.StartAsync();
        var cm = await c.Client.CoreV1.CreateNamespacedConfigMapAsync(Objects.ConfigMap("a"), "default");
        await c.Client.CoreV1.PatchNamespacedConfigMapAsync(new V1Patch("""{"data":{"x":"1"}}""", V1Patch.PatchType.MergePatch), "a", "default");
        var options = new V1DeleteOptions { Preconditions = new V1Preconditions { ResourceVersion = cm.Metadata.ResourceVersion } };
        await StatusAssert.ThrowsStatusAsync(409, () => c.Client.CoreV1.DeleteNamespacedConfigMapAsync("a", "default", options));
        await c.Client.CoreV1.DeleteNamespacedConfigMapAsync("a", "default", new V1DeleteOptions { Preconditions = new V1Preconditions { Uid = cm.Metadata.Uid } });
    }
}
