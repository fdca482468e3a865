using System.Text.Json.Nodes;
using Graylane.LocalCluster.Storage;

namespace Graylane.LocalCluster.Tests.Controllers;

public sealed class EndpointsControllerTests
{
    private static JsonObject Service(string selectorVersion) => (JsonObject)JsonNode.Parse($$"""
        {
          "metadata": { "name": "web", "namespace": "{{ClusterFixture.Ns}}", "labels": { "app": "web" } },
          "spec": {
            "selector": { "app": "web", "version": "{{selectorVersion}}" },
            "ports": [ { "name": "http", "port": 80, "targetPort": "http" }, { "name": "admin", "port": 9000, "targetPort": 9001 } ]
          }
        }
        """)!;

    private static List<string> Ips(JsonObject? endpoints, string field) =>
        (endpoints?["subsets"] as JsonArray)?.SelectMany(s => (s?[field] as JsonArray) ?? []).Select(a => (string)a!["ip"]!).Order().ToList() ?? [];

    private static List<string> PodIps(ClusterFixture cluster, string deployment) =>
        cluster.PodsOf(Assert.Single(cluster.ReplicaSetsOf(deployment))).Select(p => (string)p["status"]!["podIP"]!).Order().ToList();

    [Fact]
    public async Task Endpoints_follow_the_service_selector_from_v1_to_v2()
    {
        await using var cluster = new ClusterFixture();
        cluster.CreateDeployment("web-v1", "registry.local/web:1.0", 2, version: "v1", app: "web");
        cluster.CreateDeployment("web-v2", "registry.local/web:2.0", 1, version: "v2", app: "web");
        await cluster.WaitRolledOut("web-v1", 2);
        await cluster.WaitRolledOut("web-v2", 1);
        cluster.Store.Create(BuiltInTypes.Services, Service("v1"));

        var v1 = PodIps(cluster, "web-v1");
        await cluster.WaitUntil(() => Ips(cluster.Store.Get(BuiltInTypes.Endpoints, ClusterFixture.Ns, "web"), "addresses").SequenceEqual(v1), "v1 addresses");
        var endpoints = cluster.Get(BuiltInTypes.Endpoints, "web");
        var subset = Assert.Single((JsonArray)endpoints["subsets"]!)!;
        Assert.Null(subset["notReadyAddresses"]);
        var address = subset["addresses"]![0]!;
        Assert.Equal("Pod", (string?)address["targetRef"]!["kind"]);
        var pod = Assert.Single(cluster.Store.List(BuiltInTypes.Pods, ClusterFixture.Ns), p => (string?)p["metadata"]!["name"] == (string?)address["targetRef"]!["name"]);
        Assert.Equal((string?)pod["metadata"]!["uid"], (string?)address["targetRef"]!["uid"]);
        Assert.Equal((string?)pod["status"]!["podIP"], (string?)address["ip"]);
        var ports = ((JsonArray)subset["ports"]!).Select(p => (Name: (string?)p!["name"], Port: ClusterFixture.Number(p["port"]), Protocol: (string?)p["protocol"])).ToList();
        Assert.Equal([("http", 8080L, "TCP"), ("admin", 9001L, "TCP")], ports); // named targetPort resolved from the pod
        Assert.Equal("web", (string?)endpoints["metadata"]!["labels"]!["app"]);

        cluster.Edit(BuiltInTypes.Services, "web", s => s["spec"]!["selector"]!["version"] = "v2");

        var v2 = PodIps(cluster, "web-v2");
        await cluster.WaitUntil(() => Ips(cluster.Store.Get(BuiltInTypes.Endpoints, ClusterFixture.Ns, "web"), "addresses").SequenceEqual(v2), "v2 addresses");
        Assert.Empty(Ips(cluster.Get(BuiltInTypes.Endpoints, "web"), "notReadyAddresses"));
    }

    [Fact]
    public async Task Unready_pods_are_listed_as_not_ready_addresses_and_move_when_they_become_ready()
    {
        await using var cluster = new ClusterFixture(podReadyDelay: TimeSpan.FromMilliseconds(50));
        cluster.Knobs.CrashLoop("web:bad");
        cluster.CreateDeployment("web-bad", "registry.local/web:bad", 1, version: "v1", app: "web");
        cluster.Store.Create(BuiltInTypes.Services, Service("v1"));
        await cluster.WaitUntil(() => Ips(cluster.Store.Get(BuiltInTypes.Endpoints, ClusterFixture.Ns, "web"), "notReadyAddresses").Count == 1, "one unready address");
        Assert.Empty(Ips(cluster.Get(BuiltInTypes.Endpoints, "web"), "addresses"));
        Assert.Equal(PodIps(cluster, "web-bad"), Ips(cluster.Get(BuiltInTypes.Endpoints, "web"), "notReadyAddresses"));

        cluster.CreateDeployment("web-good", "registry.local/web:good", 1, version: "v1", app: "web");
        await cluster.WaitRolledOut("web-good", 1);
        await cluster.WaitUntil(() => Ips(cluster.Store.Get(BuiltInTypes.Endpoints, ClusterFixture.Ns, "web"), "addresses").SequenceEqual(PodIps(cluster, "web-good")),
            "the ready pod is an address");
        Assert.Equal(PodIps(cluster, "web-bad"), Ips(cluster.Get(BuiltInTypes.Endpoints, "web"), "notReadyAddresses"));
    }

    [Fact]
    public async Task Endpoints_are_deleted_with_the_service_and_selectorless_services_are_left_alone()
    {
        await using var cluster = new ClusterFixture();
        cluster.CreateDeployment("web", "registry.local/web:1.0", 1, version: "v1");
        cluster.Store.Create(BuiltInTypes.Services, Service("v1"));
        cluster.Store.Create(BuiltInTypes.Services, (JsonObject)JsonNode.Parse(
            $$"""{ "metadata": { "name": "external", "namespace": "{{ClusterFixture.Ns}}" }, "spec": { "ports": [ { "port": 443 } ] } }""")!);
        await cluster.WaitRolledOut("web", 1);
        await cluster.WaitUntil(() => Ips(cluster.Store.Get(BuiltInTypes.Endpoints, ClusterFixture.Ns, "web"), "addresses").Count == 1, "endpoints exist");
        Assert.Null(cluster.Store.Get(BuiltInTypes.Endpoints, ClusterFixture.Ns, "external"));

        cluster.Store.Delete(BuiltInTypes.Services, ClusterFixture.Ns, "web");
        await cluster.WaitUntil(() => cluster.Store.Get(BuiltInTypes.Endpoints, ClusterFixture.Ns, "web") is null, "endpoints deleted");
    }
}
