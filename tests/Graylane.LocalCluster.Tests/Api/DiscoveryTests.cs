using System.Text.Json.Nodes;

namespace Graylane.LocalCluster.Tests.Api;

public sealed class DiscoveryTests
{
    [Fact]
    public async Task Core_and_group_discovery_list_resources_with_short_names_and_subresources()
    {
        await using var c = await TestCluster.StartAsync();
        var (_, core) = await c.SendJsonAsync(HttpMethod.Get, "/api/v1");
        var names = core["resources"]!.AsArray().ToDictionary(r => (string)r!["name"]!, r => r!);
        Assert.Equal("svc", (string?)names["services"]["shortNames"]![0]);
        Assert.Equal("cm", (string?)names["configmaps"]["shortNames"]![0]);
        Assert.False((bool)names["namespaces"]["namespaced"]!);

        var (_, apps) = await c.SendJsonAsync(HttpMethod.Get, "/apis/apps/v1");
        var appNames = apps["resources"]!.AsArray().Select(r => (string)r!["name"]!).ToList();
        Assert.Contains("deployments/status", appNames);
        Assert.Contains("deployments/scale", appNames);

        var (_, groups) = await c.SendJsonAsync(HttpMethod.Get, "/apis");
        var istio = groups["groups"]!.AsArray().Single(g => (string?)g!["name"] == "networking.istio.io")!;
        Assert.Equal("networking.istio.io/v1", (string?)istio["preferredVersion"]!["groupVersion"]);
        Assert.Equal(3, istio["versions"]!.AsArray().Count);
    }

    [Fact]
    public async Task OpenApi_v3_documents_carry_patch_metadata_from_the_real_swagger()
    {
        await using var c = await TestCluster.StartAsync();
        var (_, index) = await c.SendJsonAsync(HttpMethod.Get, "/openapi/v3");
        var url = (string)index["paths"]!["apis/apps/v1"]!["serverRelativeURL"]!;
        var (code, doc) = await c.SendJsonAsync(HttpMethod.Get, url);
        Assert.Equal(200, code);
        var podSpec = doc["components"]!["schemas"]!["io.k8s.api.core.v1.PodSpec"]!;
        Assert.Equal("name", (string?)podSpec["properties"]!["containers"]!["x-kubernetes-patch-merge-key"]);
        var patch = doc["paths"]!["/apis/apps/v1/namespaces/{namespace}/deployments/{name}"]!["patch"]!;
        Assert.NotNull(patch["requestBody"]!["content"]!["application/strategic-merge-patch+json"]);
        Assert.Contains(patch["parameters"]!.AsArray(), p => (string?)p!["name"] == "fieldValidation");
    }
}
