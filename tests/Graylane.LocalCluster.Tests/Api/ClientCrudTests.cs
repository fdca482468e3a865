using k8s;
using k8s.Models;

namespace Graylane.LocalCluster.Tests.Api;

/// <summary>Create/get/list/replace/delete through the real KubernetesClient.</summary>
public sealed class ClientCrudTests
{
    [Fact]
    public async Task Deployment_round_trip_sets_server_fields_and_bumps_generation_on_spec_change()
    {
        await using var c = await TestCluster.StartAsync();
        var created = await c.Client.AppsV1.CreateNamespacedDeploymentAsync(Objects.Deployment("web"), "default");
        Assert.False(string.IsNullOrEmpty(created.Metadata.Uid));
        Assert.Equal(1, created.Metadata.Generation);
        Assert.Equal("default", created.Metadata.NamespaceProperty);

        var read = await c.Client.AppsV1.ReadNamespacedDeploymentAsync("web", "default");
        Assert.Equal(created.Metadata.ResourceVersion, read.Metadata.ResourceVersion);

        // KubernetesClient.Aot cannot serialize managedFields (fieldsV1 is an untyped object), which a real server returns
        // on every read; its users drop them before a replace, and the server keeps the stored ones.
        read.Metadata.ManagedFields = null;
        read.Spec.Template.Spec.Containers[0].Image = "nginx:1.26";
        var replaced = await c.Client.AppsV1.ReplaceNamespacedDeploymentAsync(read, "web", "default");
        Assert.Equal(2, replaced.Metadata.Generation);
        Assert.True(long.Parse(replaced.Metadata.ResourceVersion) > long.Parse(read.Metadata.ResourceVersion));

        read.Metadata.Labels["team"] = "a"; // metadata only: generation stays
        read.Metadata.ResourceVersion = replaced.Metadata.ResourceVersion;
        var relabelled = await c.Client.AppsV1.ReplaceNamespacedDeploymentAsync(read, "web", "default");
        Assert.Equal(2, relabelled.Metadata.Generation);

        var list = await c.Client.AppsV1.ListNamespacedDeploymentAsync("default");
        Assert.Equal("web", Assert.Single(list.Items).Metadata.Name);
        Assert.False(string.IsNullOrEmpty(list.Metadata.ResourceVersion));

        await c.Client.AppsV1.DeleteNamespacedDeploymentAsync("web", "default");
        Assert.Empty((await c.Client.AppsV1.ListNamespacedDeploymentAsync("default")).Items);
    }

    [Fact]
    public async Task Services_and_configmaps_list_with_label_selectors()
    {
        await using var c = await TestCluster.StartAsync();
        await c.Client.CoreV1.CreateNamespacedServiceAsync(Objects.Service("web"), "default");
        await c.Client.CoreV1.CreateNamespacedConfigMapAsync(Objects.ConfigMap("a", new() { ["tier"] = "front", ["env"] = "prod" }), "default");
        await c.Client.CoreV1.CreateNamespacedConfigMapAsync(Objects.ConfigMap("b", new() { ["tier"] = "back" }), "default");
        await c.Client.CoreV1.CreateNamespacedConfigMapAsync(Objects.ConfigMap("c"), "default");

        async Task<string[]> Names(string selector) =>
            (await c.Client.CoreV1.ListNamespacedConfigMapAsync("default", labelSelector: selector)).Items.Select(i => i.Metadata.Name).Order().ToArray();

        Assert.Equal(["a"], await Names("tier=front"));
        Assert.Equal(["a"], await Names("tier==front,env"));
        Assert.Equal(["b", "c"], await Names("tier!=front"));
        Assert.Equal(["a", "b"], await Names("tier in (front,back)"));
        Assert.Equal(["c"], await Names("tier notin (front,back)"));
        Assert.Equal(["b", "c"], await Names("!env"));
        var byField = await c.Client.CoreV1.ListNamespacedConfigMapAsync("default", fieldSelector: "metadata.name=b");
        Assert.Equal("b", Assert.Single(byField.Items).Metadata.Name);

        var svc = await c.Client.CoreV1.ReadNamespacedServiceAsync("web", "default");
        Assert.Equal(80, svc.Spec.Ports[0].Port);
        await c.Client.CoreV1.DeleteNamespacedServiceAsync("web", "default");
        await StatusAssert.ThrowsStatusAsync(404, () => c.Client.CoreV1.ReadNamespacedServiceAsync("web", "default"));
    }

    [Fact]
    public async Task GenerateName_makes_a_unique_name()
    {
        await using var c = await TestCluster.StartAsync();
        var cm = Objects.ConfigMap("ignored");
        cm.Metadata.Name = null;
        cm.Metadata.GenerateName = "job-";
        var a = await c.Client.CoreV1.CreateNamespacedConfigMapAsync(cm, "default");
        var b = await c.Client.CoreV1.CreateNamespacedConfigMapAsync(cm, "default");
        Assert.StartsWith("job-", a.Metadata.Name);
        Assert.NotEqual(a.Metadata.Name, b.Metadata.Name);
    }

    [Fact]
    public async Task DryRun_validates_and_answers_without_storing()
    {
        await using var c = await TestCluster.StartAsync();
        var preview = await c.Client.AppsV1.CreateNamespacedDeploymentAsync(Objects.Deployment("web"), "default", dryRun: "All");
        Assert.Equal("web", preview.Metadata.Name);
        Assert.Empty((await c.Client.AppsV1.ListNamespacedDeploymentAsync("default")).Items);

        var bad = Objects.Deployment("web");
        bad.Spec.Template.Spec.Containers[0].Image = null;
        await StatusAssert.ThrowsStatusAsync(422, () => c.Client.AppsV1.CreateNamespacedDeploymentAsync(bad, "default", dryRun: "All"));

        await c.Client.AppsV1.CreateNamespacedDeploymentAsync(Objects.Deployment("web"), "default");
        var patch = new V1Patch("{\"spec\":{\"replicas\":7}}", V1Patch.PatchType.MergePatch);
        var patched = await c.Client.AppsV1.PatchNamespacedDeploymentAsync(patch, "web", "default", dryRun: "All");
        Assert.Equal(7, patched.Spec.Replicas);
        Assert.Equal(2, (await c.Client.AppsV1.ReadNamespacedDeploymentAsync("web", "default")).Spec.Replicas);

        await c.Client.AppsV1.DeleteNamespacedDeploymentAsync("web", "default", dryRun: "All");
        Assert.NotNull(await c.Client.AppsV1.ReadNamespacedDeploymentAsync("web", "default"));
    }

    [Fact]
    public async Task Status_and_scale_subresources_change_only_their_part()
    {
        await using var c = await TestCluster.StartAsync();
        await c.Client.AppsV1.CreateNamespacedDeploymentAsync(Objects.Deployment("web"), "default");

        // The main resource ignores status; /status takes only status.
        var d = await c.Client.AppsV1.ReadNamespacedDeploymentAsync("web", "default");
        d.Metadata.ManagedFields = null; // not serializable by KubernetesClient.Aot (see above)
        d.Status = new V1DeploymentStatus { Replicas = 2, ReadyReplicas = 2, ObservedGeneration = 1 };
        d.Spec.Replicas = 9;
        var afterStatus = await c.Client.AppsV1.ReplaceNamespacedDeploymentStatusAsync(d, "web", "default");
        Assert.Equal(2, afterStatus.Status.ReadyReplicas);
        Assert.Equal(2, afterStatus.Spec.Replicas);

        var scale = await c.Client.AppsV1.ReadNamespacedDeploymentScaleAsync("web", "default");
        Assert.Equal(2, scale.Spec.Replicas);
        Assert.Equal("app=web", scale.Status.Selector);
        var scaled = await c.Client.AppsV1.PatchNamespacedDeploymentScaleAsync(
            new V1Patch("{\"spec\":{\"replicas\":5}}", V1Patch.PatchType.MergePatch), "web", "default");
        Assert.Equal(5, scaled.Spec.Replicas);
        var again = await c.Client.AppsV1.ReadNamespacedDeploymentAsync("web", "default");
        Assert.Equal(5, again.Spec.Replicas);
        Assert.Equal(2, again.Status.ReadyReplicas);
    }
}
