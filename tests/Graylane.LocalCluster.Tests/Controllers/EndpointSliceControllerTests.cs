using System.Text.Json.Nodes;
using Graylane.LocalCluster.Storage;

namespace Graylane.LocalCluster.Tests.Controllers;

public sealed class EndpointSliceControllerTests
{
    private static JsonObject Service(string version) => (JsonObject)JsonNode.Parse($$"""
        {
          "apiVersion": "v1", "kind": "Service",
          "metadata": { "name": "web", "namespace": "{{ClusterFixture.Ns}}", "uid": "svc-uid", "labels": { "app": "web" } },
          "spec": { "selector": { "app": "web", "version": "{{version}}" }, "ports": [ { "port": 80, "targetPort": "http" } ] }
        }
        """)!;

    private static List<JsonObject> SlicesOf(ClusterFixture cluster, string service) =>
        cluster.Store.List(BuiltInTypes.EndpointSlices, ClusterFixture.Ns)
            .Where(s => (string?)s["metadata"]!["labels"]?["kubernetes.io/service-name"] == service).ToList();

    private static List<string> ReadyIps(ClusterFixture cluster, string service) =>
        SlicesOf(cluster, service).SelectMany(s => (s["endpoints"] as JsonArray) ?? [])
            .Where(e => (bool?)e!["conditions"]!["ready"] == true)
            .SelectMany(e => e!["addresses"]!.AsArray().Select(a => (string)a!)).Order().ToList();

    [Fact]
    public async Task A_service_gets_an_endpoint_slice_that_follows_its_selector_and_goes_with_it()
    {
        await using var cluster = new ClusterFixture();
        cluster.CreateDeployment("web-v1", "registry.local/web:1.0", 2, version: "v1", app: "web");
        cluster.CreateDeployment("web-v2", "registry.local/web:2.0", 1, version: "v2", app: "web");
        await cluster.WaitRolledOut("web-v1", 2);
        await cluster.WaitRolledOut("web-v2", 1);
        var service = cluster.Store.Create(BuiltInTypes.Services, Service("v1"));

        var v1 = cluster.PodsOf(Assert.Single(cluster.ReplicaSetsOf("web-v1"))).Select(p => (string)p["status"]!["podIP"]!).Order().ToList();
        await cluster.WaitUntil(() => ReadyIps(cluster, "web").SequenceEqual(v1), "v1 endpoints");
        var slice = Assert.Single(SlicesOf(cluster, "web"));
        Assert.StartsWith("web-", (string?)slice["metadata"]!["name"]);
        Assert.Equal("IPv4", (string?)slice["addressType"]);
        Assert.Equal("endpointslice-controller.k8s.io", (string?)slice["metadata"]!["labels"]!["endpointslice.kubernetes.io/managed-by"]);
        Assert.Equal((string?)service["metadata"]!["uid"], (string?)slice["metadata"]!["ownerReferences"]![0]!["uid"]);
        var port = Assert.Single(slice["ports"]!.AsArray())!;
        Assert.Equal("", (string?)port["name"]);
        Assert.Equal(8080, ClusterFixture.Number(port["port"])); // the named targetPort resolved from the pods
        var endpoint = slice["endpoints"]![0]!;
        Assert.Equal("Pod", (string?)endpoint["targetRef"]!["kind"]);
        Assert.Equal("local-node", (string?)endpoint["nodeName"]);
        Assert.True((bool)endpoint["conditions"]!["serving"]!);

        cluster.Edit(BuiltInTypes.Services, "web", s => s["spec"]!["selector"]!["version"] = "v2");
        var v2 = cluster.PodsOf(Assert.Single(cluster.ReplicaSetsOf("web-v2"))).Select(p => (string)p["status"]!["podIP"]!).ToList();
        await cluster.WaitUntil(() => ReadyIps(cluster, "web").SequenceEqual(v2), "v2 endpoints");
        Assert.Equal((string?)slice["metadata"]!["name"], (string?)Assert.Single(SlicesOf(cluster, "web"))["metadata"]!["name"]);

        cluster.Store.Delete(BuiltInTypes.Services, ClusterFixture.Ns, "web");
        await cluster.WaitUntil(() => SlicesOf(cluster, "web").Count == 0, "slices removed");
    }

    [Fact]
    public async Task A_service_without_pods_keeps_one_empty_slice_and_a_deleted_slice_comes_back()
    {
        await using var cluster = new ClusterFixture();
        cluster.Store.Create(BuiltInTypes.Services, Service("v9"));
        await cluster.WaitUntil(() => SlicesOf(cluster, "web").Count == 1, "placeholder slice");
        var slice = Assert.Single(SlicesOf(cluster, "web"));
        Assert.Null(slice["endpoints"]);

        cluster.Store.Delete(BuiltInTypes.EndpointSlices, ClusterFixture.Ns, (string)slice["metadata"]!["name"]!);
        await cluster.WaitUntil(() => SlicesOf(cluster, "web").Count == 1, "slice recreated");
    }
}
