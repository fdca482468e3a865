using System.Text.Json.Nodes;
using k8s;
using k8s.Models;

namespace Graylane.LocalCluster.Tests.Api;

/// <summary>The three patch types through the real client, and their preconditions.</summary>
public sealed class PatchTests
{
    private static V1Patch Patch(string body, V1Patch.PatchType type) => new(body, type);

    [Fact]
    public async Task Strategic_merge_merges_containers_by_name_and_ports_by_containerPort()
    {
        await using var c = await TestCluster.StartAsync();
        await c.Client.AppsV1.CreateNamespacedDeploymentAsync(Objects.Deployment("web"), "default");
        var patched = await c.Client.AppsV1.PatchNamespacedDeploymentAsync(Patch(
            """{"spec":{"template":{"spec":{"containers":[{"name":"app","image":"nginx:1.26","ports":[{"containerPort":9090}]}]}}}}""",
            V1Patch.PatchType.StrategicMergePatch), "web", "default");
        var containers = patched.Spec.Template.Spec.Containers;
        Assert.Equal(["app", "sidecar"], containers.Select(x => x.Name));
        Assert.Equal("nginx:1.26", containers[0].Image);
        Assert.Equal([8080, 9090], containers[0].Ports.Select(p => p.ContainerPort));

        var deleted = await c.Client.AppsV1.PatchNamespacedDeploymentAsync(Patch(
            """{"spec":{"template":{"spec":{"containers":[{"name":"sidecar","$patch":"delete"}]}}}}""",
            V1Patch.PatchType.StrategicMergePatch), "web", "default");
        Assert.Equal(["app"], deleted.Spec.Template.Spec.Containers.Select(x => x.Name));
    }

    [Fact]
    public async Task Merge_patch_replaces_lists_and_null_deletes()
    {
        await using var c = await TestCluster.StartAsync();
        await c.Client.AppsV1.CreateNamespacedDeploymentAsync(Objects.Deployment("web"), "default");
        var patched = await c.Client.AppsV1.PatchNamespacedDeploymentAsync(Patch(
            """{"metadata":{"labels":{"app":null,"team":"a"}},"spec":{"template":{"spec":{"containers":[{"name":"only","image":"x:1"}]}}}}""",
            V1Patch.PatchType.MergePatch), "web", "default");
        Assert.Equal(new Dictionary<string, string> { ["team"] = "a" }, patched.Metadata.Labels);
        Assert.Equal(["only"], patched.Spec.Template.Spec.Containers.Select(x => x.Name));
    }

    [Fact]
    public async Task Json_patch_applies_ops_and_a_failed_resourceVersion_test_rejects_it()
    {
        await using var c = await TestCluster.StartAsync();
        var created = await c.Client.AppsV1.CreateNamespacedDeploymentAsync(Objects.Deployment("web"), "default");
        var rv = created.Metadata.ResourceVersion;
        var patched = await c.Client.AppsV1.PatchNamespacedDeploymentAsync(Patch(
            $$"""[{"op":"test","path":"/metadata/resourceVersion","value":"{{rv}}"},{"op":"replace","path":"/spec/replicas","value":4},{"op":"add","path":"/metadata/labels/x","value":"y"}]""",
            V1Patch.PatchType.JsonPatch), "web", "default");
        Assert.Equal(4, patched.Spec.Replicas);
        Assert.Equal("y", patched.Metadata.Labels["x"]);

        var stale = await StatusAssert.ThrowsStatusAsync(422, () => c.Client.AppsV1.PatchNamespacedDeploymentAsync(Patch(
            $$"""[{"op":"test","path":"/metadata/resourceVersion","value":"{{rv}}"},{"op":"replace","path":"/spec/replicas","value":1}]""",
            V1Patch.PatchType.JsonPatch), "web", "default"));
        Assert.Contains("test failed", (string?)stale["message"]);
        Assert.Equal(4, (await c.Client.AppsV1.ReadNamespacedDeploymentAsync("web", "default")).Spec.Replicas);
    }

    [Fact]
    public async Task A_patch_carrying_a_stale_resourceVersion_is_409()
    {
        await using var c = await TestCluster.StartAsync();
        var created = await c.Client.CoreV1.CreateNamespacedConfigMapAsync(Objects.ConfigMap("cfg"), "default");
        await c.Client.CoreV1.PatchNamespacedConfigMapAsync(Patch("""{"data":{"a":"1"}}""", V1Patch.PatchType.MergePatch), "cfg", "default");
        var status = await StatusAssert.ThrowsStatusAsync(409, () => c.Client.CoreV1.PatchNamespacedConfigMapAsync(Patch(
            $$$"""{"metadata":{"resourceVersion":"{{{created.Metadata.ResourceVersion}}}"},"data":{"a":"2"}}""", V1Patch.PatchType.MergePatch), "cfg", "default"));
        Assert.Equal("Conflict", (string?)status["reason"]);
    }

    [Fact]
    public async Task Strategic_merge_on_a_custom_resource_is_415()
    {
        await using var c = await TestCluster.StartAsync();
        var (code, _) = await c.SendJsonAsync(HttpMethod.Post, "/apis/networking.istio.io/v1/namespaces/default/virtualservices", CustomObjectTests.ValidVirtualService("web"));
        Assert.Equal(201, code);
        var (patchCode, status) = await c.SendJsonAsync(HttpMethod.Patch, "/apis/networking.istio.io/v1/namespaces/default/virtualservices/web",
            """{"spec":{"hosts":["x"]}}""", "application/strategic-merge-patch+json");
        Assert.Equal(415, patchCode);
        Assert.Equal("UnsupportedMediaType", (string?)status["reason"]);
        Assert.Contains("application/merge-patch+json", (string?)status["message"]);
    }
}
