using Graylane.LocalCluster.Storage;

namespace Graylane.LocalCluster.Tests.Controllers;

public sealed class GarbageCollectionTests
{
    [Fact]
    public async Task Deleting_a_deployment_removes_its_replica_sets_and_pods()
    {
        await using var cluster = new ClusterFixture();
        cluster.CreateDeployment("web", "registry.local/web:1.0", 2);
        cluster.CreateDeployment("other", "registry.local/other:1.0", 1);
        await cluster.WaitRolledOut("web", 2);
        await cluster.WaitRolledOut("other", 1);
        cluster.Edit(BuiltInTypes.Deployments, "web", d => d["spec"]!["template"]!["spec"]!["containers"]![0]!["image"] = "registry.local/web:2.0");
        await cluster.WaitRolledOut("web", 2);
        Assert.Equal(2, cluster.ReplicaSetsOf("web").Count);

        cluster.Store.Delete(BuiltInTypes.Deployments, ClusterFixture.Ns, "web");

        await cluster.WaitUntil(() => cluster.ReplicaSetsOf("web").Count == 0
            && cluster.Store.List(BuiltInTypes.Pods, ClusterFixture.Ns).All(p => !((string)p["metadata"]!["name"]!).StartsWith("web-", StringComparison.Ordinal)),
            "web's replica sets and pods are gone");
        Assert.Single(cluster.ReplicaSetsOf("other"));
        Assert.Single(cluster.PodsOf(cluster.ReplicaSetsOf("other")[0]));
    }

    [Fact]
    public async Task Collection_tolerates_the_api_server_deleting_the_same_objects()
    {
        await using var cluster = new ClusterFixture();
        cluster.CreateDeployment("web", "registry.local/web:1.0", 2);
        await cluster.WaitRolledOut("web", 2);
        var rs = Assert.Single(cluster.ReplicaSetsOf("web"));
        var pods = cluster.PodsOf(rs);

        // What an API server doing its own cascading delete would do, racing the controllers.
        cluster.Store.Delete(BuiltInTypes.Deployments, ClusterFixture.Ns, "web");
        foreach (var pod in pods)
            try { cluster.Store.Delete(BuiltInTypes.Pods, ClusterFixture.Ns, (string)pod["metadata"]!["name"]!); }
            catch (StoreException e) when (e.Code == 404) { }
        try { cluster.Store.Delete(BuiltInTypes.ReplicaSets, ClusterFixture.Ns, (string)rs["metadata"]!["name"]!); }
        catch (StoreException e) when (e.Code == 404) { }

        await cluster.WaitUntil(() => cluster.Store.List(BuiltInTypes.Pods, ClusterFixture.Ns).Count == 0
            && cluster.Store.List(BuiltInTypes.ReplicaSets, ClusterFixture.Ns).Count == 0, "everything is gone");

        // The control plane is still healthy afterwards.
        cluster.CreateDeployment("next", "registry.local/next:1.0", 1);
        await cluster.WaitRolledOut("next", 1);
    }

    [Fact]
    public async Task A_deleted_replica_set_takes_its_pods_and_the_deployment_brings_a_new_one()
    {
        await using var cluster = new ClusterFixture();
        cluster.CreateDeployment("web", "registry.local/web:1.0", 2);
        await cluster.WaitRolledOut("web", 2);
        var rs = Assert.Single(cluster.ReplicaSetsOf("web"));
        var oldPods = cluster.PodsOf(rs).Select(p => (string)p["metadata"]!["uid"]!).ToHashSet();

        cluster.Store.Delete(BuiltInTypes.ReplicaSets, ClusterFixture.Ns, (string)rs["metadata"]!["name"]!);

        await cluster.WaitUntil(() => cluster.ReplicaSetsOf("web").SingleOrDefault() is { } next
            && (string?)next["metadata"]!["uid"] != (string?)rs["metadata"]!["uid"]
            && ClusterFixture.Count(next, "readyReplicas") == 2, "a replacement replica set with ready pods");
        Assert.DoesNotContain(cluster.Store.List(BuiltInTypes.Pods, ClusterFixture.Ns), p => oldPods.Contains((string)p["metadata"]!["uid"]!));
        var replacement = Assert.Single(cluster.ReplicaSetsOf("web"));
        Assert.Equal(rs["metadata"]!["name"]!.ToString(), replacement["metadata"]!["name"]!.ToString()); // same template, same name
    }
}
