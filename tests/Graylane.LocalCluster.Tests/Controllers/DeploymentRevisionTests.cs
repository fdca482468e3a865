using System.Text.Json.Nodes;
using Graylane.LocalCluster.Storage;

namespace Graylane.LocalCluster.Tests.Controllers;

public sealed class DeploymentRevisionTests
{
    private static void SetImage(JsonObject d, string image) => d["spec"]!["template"]!["spec"]!["containers"]![0]!["image"] = image;

    private static string Revision(JsonObject obj) => (string)obj["metadata"]!["annotations"]!["deployment.kubernetes.io/revision"]!;

    [Fact]
    public async Task Rolling_back_to_an_earlier_template_reuses_its_replica_set_as_the_newest_revision()
    {
        await using var cluster = new ClusterFixture();
        cluster.CreateDeployment("web", "registry.local/web:1.0", 2);
        await cluster.WaitRolledOut("web", 2);
        var v1 = Assert.Single(cluster.ReplicaSetsOf("web"));
        cluster.Edit(BuiltInTypes.Deployments, "web", d => SetImage(d, "registry.local/web:2.0"));
        await cluster.WaitRolledOut("web", 2);

        cluster.Edit(BuiltInTypes.Deployments, "web", d => SetImage(d, "registry.local/web:1.0"));
        await cluster.WaitUntil(() => ClusterFixture.RolledOut(cluster.Get(BuiltInTypes.Deployments, "web"), 2)
            && ClusterFixture.Number(cluster.Get(BuiltInTypes.ReplicaSets, (string)v1["metadata"]!["name"]!)["spec"]!["replicas"]) == 2,
            "back on v1");

        Assert.Equal(2, cluster.ReplicaSetsOf("web").Count); // no third ReplicaSet for a template seen before
        Assert.Equal("3", Revision(cluster.Get(BuiltInTypes.ReplicaSets, (string)v1["metadata"]!["name"]!)));
        Assert.Equal("3", Revision(cluster.Get(BuiltInTypes.Deployments, "web")));
    }

    [Fact]
    public async Task A_template_rewritten_with_the_same_content_in_another_key_order_is_not_a_new_rollout()
    {
        await using var cluster = new ClusterFixture();
        cluster.CreateDeployment("web", "registry.local/web:1.0", 1);
        await cluster.WaitRolledOut("web", 1);

        cluster.Edit(BuiltInTypes.Deployments, "web", d =>
        {
            var template = (JsonObject)d["spec"]!["template"]!;
            var reordered = new JsonObject { ["spec"] = template["spec"]!.DeepClone(), ["metadata"] = template["metadata"]!.DeepClone() };
            d["spec"]!["template"] = reordered;
            d["spec"]!["minReadySeconds"] = 0; // a real spec change, so the controller does sync again
        });
        await cluster.WaitUntil(() => ClusterFixture.Number(cluster.Get(BuiltInTypes.Deployments, "web")["status"]!["observedGeneration"]) == 2, "observed");

        Assert.Single(cluster.ReplicaSetsOf("web"));
    }

    [Fact]
    public async Task Recreate_removes_the_old_pods_before_starting_new_ones()
    {
        await using var cluster = new ClusterFixture();
        cluster.CreateDeployment("web", "registry.local/web:1.0", 2, extraSpec: "\"strategy\": { \"type\": \"Recreate\" },");
        await cluster.WaitRolledOut("web", 2);
        var oldRs = Assert.Single(cluster.ReplicaSetsOf("web"));
        var oldPodsWhenNewPodCreated = -1;
        var newRsName = "";
        cluster.Store.Changed += e =>
        {
            if (e.Resource != BuiltInTypes.Pods || e.Type != StoreEventType.Added) return;
            if (oldPodsWhenNewPodCreated < 0)
                oldPodsWhenNewPodCreated = cluster.PodsOf(oldRs).Count;
        };

        cluster.Edit(BuiltInTypes.Deployments, "web", d => SetImage(d, "registry.local/web:2.0"));
        await cluster.WaitUntil(() => ClusterFixture.RolledOut(cluster.Get(BuiltInTypes.Deployments, "web"), 2)
            && cluster.PodsOf(oldRs).Count == 0, "recreated");

        newRsName = (string)Assert.Single(cluster.ReplicaSetsOf("web"), rs => ClusterFixture.Number(rs["spec"]!["replicas"]) == 2)["metadata"]!["name"]!;
        Assert.NotEqual((string?)oldRs["metadata"]!["name"], newRsName);
        Assert.Equal(0, oldPodsWhenNewPodCreated);
    }
}
