using k8s;
using k8s.Models;

namespace Graylane.LocalCluster.Tests.Api;

/// <summary>Failures come back as Status objects worded like the real server's.</summary>
public sealed class ErrorStatusTests
{
    [Fact]
    public async Task Missing_object_is_404_NotFound_with_details()
    {
        await using var c = await TestCluster.StartAsync();
        var status = await StatusAssert.ThrowsStatusAsync(404, () => c.Client.AppsV1.ReadNamespacedDeploymentAsync("x", "default"));
        Assert.Equal("deployments.apps \"x\" not found", (string?)status["message"]);
        Assert.Equal("NotFound", (string?)status["reason"]);
        Assert.Equal("x", (string?)status["details"]!["name"]);
        Assert.Equal("apps", (string?)status["details"]!["group"]);
        Assert.Equal("deployments", (string?)status["details"]!["kind"]);
    }

    [Fact]
    public async Task Second_create_is_409_AlreadyExists_and_stale_update_is_409_Conflict()
    {
        await using var c = await TestCluster.StartAsync();
        var first = await c.Client.CoreV1.CreateNamespacedConfigMapAsync(Objects.ConfigMap("cfg"), "default");
        var exists = await StatusAssert.ThrowsStatusAsync(409, () => c.Client.CoreV1.CreateNamespacedConfigMapAsync(Objects.ConfigMap("cfg"), "default"));
        Assert.Equal("AlreadyExists", (string?)exists["reason"]);
        Assert.Equal("configmaps \"cfg\" already exists", (string?)exists["message"]);

        first.Metadata.ManagedFields = null; // not serializable by KubernetesClient.Aot; the server keeps the stored ones
        first.Data["key"] = "v2";
        await c.Client.CoreV1.ReplaceNamespacedConfigMapAsync(first, "cfg", "default");
        first.Data["key"] = "v3"; // still carries the old resourceVersion
        var conflict = await StatusAssert.ThrowsStatusAsync(409, () => c.Client.CoreV1.ReplaceNamespacedConfigMapAsync(first, "cfg", "default"));
        Assert.Equal("Conflict", (string?)conflict["reason"]);
        Assert.Contains("the object has been modified", (string?)conflict["message"]);
    }

    [Fact]
    public async Task Bad_names_labels_and_deployments_are_422_Invalid_with_causes()
    {
        await using var c = await TestCluster.StartAsync();
        var badName = Objects.ConfigMap("Bad_Name");
        var s1 = await StatusAssert.ThrowsStatusAsync(422, () => c.Client.CoreV1.CreateNamespacedConfigMapAsync(badName, "default"));
        Assert.Equal("Invalid", (string?)s1["reason"]);
        Assert.StartsWith("ConfigMap \"Bad_Name\" is invalid: metadata.name: Invalid value: \"Bad_Name\": a lowercase RFC 1123 subdomain", (string?)s1["message"]);
        Assert.Equal("metadata.name", (string?)s1["details"]!["causes"]![0]!["field"]);

        var badLabel = Objects.ConfigMap("ok", new() { ["app"] = "-bad-" });
        var s2 = await StatusAssert.ThrowsStatusAsync(422, () => c.Client.CoreV1.CreateNamespacedConfigMapAsync(badLabel, "default"));
        Assert.Equal("metadata.labels", (string?)s2["details"]!["causes"]![0]!["field"]);

        var mismatch = Objects.Deployment("web");
        mismatch.Spec.Template.Metadata.Labels["app"] = "other";
        var s3 = await StatusAssert.ThrowsStatusAsync(422, () => c.Client.AppsV1.CreateNamespacedDeploymentAsync(mismatch, "default"));
        Assert.Contains("`selector` does not match template `labels`", (string?)s3["message"]);
        Assert.Equal("Deployment", (string?)s3["details"]!["kind"]);

        var noContainers = Objects.Deployment("web");
        noContainers.Spec.Template.Spec.Containers = [];
        var s4 = await StatusAssert.ThrowsStatusAsync(422, () => c.Client.AppsV1.CreateNamespacedDeploymentAsync(noContainers, "default"));
        Assert.Equal("spec.template.spec.containers: Required value", (string?)s4["details"]!["causes"]![0]!["field"] + ": " + (string?)s4["details"]!["causes"]![0]!["message"]);

        var badSelector = Objects.Service("web");
        badSelector.Spec.Selector["app"] = "no spaces allowed";
        await StatusAssert.ThrowsStatusAsync(422, () => c.Client.CoreV1.CreateNamespacedServiceAsync(badSelector, "default"));
    }

    [Fact]
    public async Task Create_in_a_missing_namespace_is_404_for_the_namespace()
    {
        await using var c = await TestCluster.StartAsync();
        var status = await StatusAssert.ThrowsStatusAsync(404, () => c.Client.CoreV1.CreateNamespacedConfigMapAsync(Objects.ConfigMap("a"), "nope"));
        Assert.Equal("namespaces \"nope\" not found", (string?)status["message"]);
        await c.Client.CoreV1.CreateNamespaceAsync(new V1Namespace { Metadata = new V1ObjectMeta { Name = "nope" } });
        await c.Client.CoreV1.CreateNamespacedConfigMapAsync(Objects.ConfigMap("a"), "nope");
    }

    [Fact]
    public async Task Missing_token_is_401_and_unknown_paths_are_404()
    {
        await using var c = await TestCluster.StartAsync();
        using var http = new HttpClient();
        using var anonymous = await http.GetAsync(new Uri(c.Server.Url, "/api/v1/namespaces"));
        Assert.Equal(401, (int)anonymous.StatusCode);
        var (code, body) = await c.SendJsonAsync(HttpMethod.Get, "/apis/apps/v1/namespaces/default/widgets");
        Assert.Equal(404, code);
        Assert.Equal("NotFound", (string?)body["reason"]);
        var (code405, _) = await c.SendJsonAsync(HttpMethod.Post, "/api/v1/namespaces/default/configmaps/x", "{}");
        Assert.Equal(405, code405);
    }
}
