using System.Text.Json.Nodes;
using Graylane.LocalCluster.Storage;

namespace Graylane.LocalCluster.Tests.Controllers;

public sealed class DeploymentRolloutTests
{
    private static bool RolledOut(JsonObject d, int replicas) =>
        ClusterFixture.Number(d["status"]?["observedGeneration"]) == ClusterFixture.Number(d["metadata"]!["generation"])
        && ClusterFixture.Count(d, "updatedReplicas") == replicas
        && ClusterFixture.Count(d, "replicas") == replicas
        && ClusterFixture.Count(d, "availableReplicas") == replicas;

    [Fact]
    public async Task A_new_deployment_rolls_out_to_ready_pods_with_status_and_conditions()
    {
        await using var cluster = new ClusterFixture();
        cluster.CreateDeployment("web", "registry.local/web:1.0", 3);

        await cluster.WaitUntil(() => RolledOut(cluster.Get(BuiltInTypes.Deployments, "web"), 3), "web rolled out");

        var d = cluster.Get(BuiltInTypes.Deployments, "web");
        Assert.Equal(1, ClusterFixture.Number(d["status"]!["observedGeneration"]));
        Assert.Equal(3, ClusterFixture.Count(d, "readyReplicas"));
        Assert.Null(d["status"]!["unavailableReplicas"]); // omitted when zero, like the Go omitempty field
        var available = ClusterFixture.Condition(d, "Available")!;
        Assert.Equal(("True", "MinimumReplicasAvailable"), ((string?)available["status"], (string?)available["reason"]));
        var progressing = ClusterFixture.Condition(d, "Progressing")!;
        Assert.Equal(("True", "NewReplicaSetAvailable"), ((string?)progressing["status"], (string?)progressing["reason"]));

        var rs = Assert.Single(cluster.ReplicaSetsOf("web"));
        var hash = (string)rs["metadata"]!["labels"]!["pod-template-hash"]!;
        Assert.Equal($"web-{hash}", (string?)rs["metadata"]!["name"]);
        Assert.Equal(hash, (string?)rs["spec"]!["selector"]!["matchLabels"]!["pod-template-hash"]);
        Assert.Equal(d["metadata"]!["uid"]!.ToString(), ClusterFixture.OwnerUid(rs));
        Assert.True((bool)rs["metadata"]!["ownerReferences"]![0]!["controller"]!);
        Assert.Equal("1", (string?)d["metadata"]!["annotations"]!["deployment.kubernetes.io/revision"]);
        Assert.Equal(3, ClusterFixture.Count(rs, "availableReplicas"));

        var pods = cluster.PodsOf(rs);
        Assert.Equal(3, pods.Count);
        Assert.Equal(3, pods.Select(p => (string?)p["status"]!["podIP"]).Distinct().Count());
        foreach (var pod in pods)
        {
            Assert.Equal(hash, (string?)pod["metadata"]!["labels"]!["pod-template-hash"]);
            Assert.Equal("v1", (string?)pod["metadata"]!["labels"]!["version"]);
            Assert.Equal("local-node", (string?)pod["spec"]!["nodeName"]);
            Assert.Equal("Running", (string?)pod["status"]!["phase"]);
            foreach (var type in new[] { "PodScheduled", "Initialized", "ContainersReady", "Ready" })
                Assert.Equal("True", (string?)ClusterFixture.Condition(pod, type)!["status"]);
            var container = pod["status"]!["containerStatuses"]![0]!;
            Assert.True((bool)container["ready"]! && (bool)container["started"]!);
            Assert.Equal(0, ClusterFixture.Number(container["restartCount"]));
            Assert.Equal("registry.local/web:1.0", (string?)container["image"]);
            Assert.StartsWith("registry.local/web:1.0@sha256:", (string?)container["imageID"]);
            Assert.NotNull(container["state"]!["running"]!["startedAt"]);
        }

        var scaling = Assert.Single(cluster.EventsFor("web"), e => (string?)e["reason"] == "ScalingReplicaSet");
        Assert.Equal($"Scaled up replica set web-{hash} from 0 to 3", (string?)scaling["message"]);
        Assert.Equal("deployment-controller", (string?)scaling["source"]!["component"]);
        var podEvents = cluster.EventsFor((string)pods[0]["metadata"]!["name"]!).Select(e => (string?)e["reason"]).ToList();
        Assert.Equal(["Scheduled", "Pulling", "Pulled", "Created", "Started"], podEvents); // names sort in creation order
    }

    [Fact]
    public async Task A_template_change_creates_a_new_replica_set_and_scales_the_old_one_down_only_after_the_new_is_ready()
    {
        await using var cluster = new ClusterFixture();
        cluster.CreateDeployment("web", "registry.local/web:1.0", 3);
        await cluster.WaitUntil(() => RolledOut(cluster.Get(BuiltInTypes.Deployments, "web"), 3), "v1 rolled out");
        var oldRs = Assert.Single(cluster.ReplicaSetsOf("web"));
        var oldName = (string)oldRs["metadata"]!["name"]!;

        // Watch the order of commits: the old ReplicaSet may reach 0 only once the new one is fully available.
        var newAvailableWhenOldHitZero = -1L;
        var newAvailable = 0L;
        var gate = new Lock();
        cluster.Store.Changed += e =>
        {
            if (e.Resource != BuiltInTypes.ReplicaSets) return;
            lock (gate)
            {
                var name = (string?)e.Object["metadata"]!["name"];
                if (name != oldName) newAvailable = ClusterFixture.Count(e.Object, "availableReplicas");
                else if (ClusterFixture.Number(e.Object["spec"]!["replicas"]) == 0 && newAvailableWhenOldHitZero < 0)
                    newAvailableWhenOldHitZero = newAvailable;
            }
        };

        cluster.Edit(BuiltInTypes.Deployments, "web", d => d["spec"]!["template"]!["spec"]!["containers"]![0]!["image"] = "registry.local/web:2.0");
        await cluster.WaitUntil(() => RolledOut(cluster.Get(BuiltInTypes.Deployments, "web"), 3)
            && cluster.PodsOf(cluster.Get(BuiltInTypes.ReplicaSets, oldName)).Count == 0, "v2 rolled out");

        var sets = cluster.ReplicaSetsOf("web");
        Assert.Equal(2, sets.Count);
        var newRs = Assert.Single(sets, rs => (string?)rs["metadata"]!["name"] != oldName);
        Assert.NotEqual(oldRs["metadata"]!["labels"]!["pod-template-hash"]!.ToString(), newRs["metadata"]!["labels"]!["pod-template-hash"]!.ToString());
        Assert.Equal(3, ClusterFixture.Number(newRs["spec"]!["replicas"]));
        Assert.Equal(0, ClusterFixture.Number(cluster.Get(BuiltInTypes.ReplicaSets, oldName)["spec"]!["replicas"]));
        lock (gate) Assert.Equal(3, newAvailableWhenOldHitZero);

        var d = cluster.Get(BuiltInTypes.Deployments, "web");
        Assert.Equal(2, ClusterFixture.Number(d["status"]!["observedGeneration"]));
        Assert.Equal("2", (string?)d["metadata"]!["annotations"]!["deployment.kubernetes.io/revision"]);
        Assert.All(cluster.PodsOf(newRs), p => Assert.Equal("registry.local/web:2.0", (string?)p["spec"]!["containers"]![0]!["image"]));
        var messages = cluster.EventsFor("web").Select(e => (string?)e["message"]).ToList();
        Assert.Contains($"Scaled down replica set {oldName} from 3 to 0", messages);
    }

    [Fact]
    public async Task A_new_version_that_never_gets_ready_leaves_the_old_replica_set_serving()
    {
        await using var cluster = new ClusterFixture();
        cluster.CreateDeployment("web", "registry.local/web:1.0", 2);
        await cluster.WaitUntil(() => RolledOut(cluster.Get(BuiltInTypes.Deployments, "web"), 2), "v1 rolled out");
        var oldName = (string)Assert.Single(cluster.ReplicaSetsOf("web"))["metadata"]!["name"]!;
        cluster.Knobs.FailImagePull("web:broken");

        cluster.Edit(BuiltInTypes.Deployments, "web", d => d["spec"]!["template"]!["spec"]!["containers"]![0]!["image"] = "registry.local/web:broken");
        await cluster.WaitUntil(() => cluster.ReplicaSetsOf("web").Count == 2 && ClusterFixture.Count(cluster.Get(BuiltInTypes.Deployments, "web"), "updatedReplicas") == 2,
            "new replica set created");

        var old = cluster.Get(BuiltInTypes.ReplicaSets, oldName);
        Assert.Equal(2, ClusterFixture.Number(old["spec"]!["replicas"]));
        Assert.Equal(2, ClusterFixture.Count(old, "readyReplicas"));
        var d = cluster.Get(BuiltInTypes.Deployments, "web");
        Assert.Equal(4, ClusterFixture.Count(d, "replicas"));
        Assert.Equal(2, ClusterFixture.Count(d, "availableReplicas"));
        Assert.Equal(2, ClusterFixture.Count(d, "unavailableReplicas"));
        var progressing = ClusterFixture.Condition(d, "Progressing")!;
        Assert.Equal("True", (string?)progressing["status"]);
        Assert.Contains((string?)progressing["reason"], new[] { "NewReplicaSetCreated", "ReplicaSetUpdated" });
    }

    [Fact]
    public async Task Scaling_to_zero_and_back_follows_spec_replicas()
    {
        await using var cluster = new ClusterFixture();
        cluster.CreateDeployment("web", "registry.local/web:1.0", 2);
        await cluster.WaitUntil(() => RolledOut(cluster.Get(BuiltInTypes.Deployments, "web"), 2), "rolled out");
        var rs = Assert.Single(cluster.ReplicaSetsOf("web"));

        cluster.Edit(BuiltInTypes.Deployments, "web", d => d["spec"]!["replicas"] = 0);
        await cluster.WaitUntil(() => cluster.PodsOf(rs).Count == 0 && ClusterFixture.Count(cluster.Get(BuiltInTypes.Deployments, "web"), "replicas") == 0,
            "scaled to zero");
        var d = cluster.Get(BuiltInTypes.Deployments, "web");
        Assert.Equal(0, ClusterFixture.Number(cluster.Get(BuiltInTypes.ReplicaSets, (string)rs["metadata"]!["name"]!)["spec"]!["replicas"]));
        Assert.Equal("True", (string?)ClusterFixture.Condition(d, "Available")!["status"]);
        Assert.Equal(ClusterFixture.Number(d["metadata"]!["generation"]), ClusterFixture.Number(d["status"]!["observedGeneration"]));

        cluster.Edit(BuiltInTypes.Deployments, "web", d => d["spec"]!["replicas"] = 2);
        await cluster.WaitUntil(() => RolledOut(cluster.Get(BuiltInTypes.Deployments, "web"), 2), "scaled back to two");
        Assert.Single(cluster.ReplicaSetsOf("web")); // scaling is not a new template
        Assert.Equal(2, cluster.PodsOf(rs).Count(p => (string?)p["status"]!["phase"] == "Running"));
        var messages = cluster.EventsFor("web").Select(e => (string?)e["message"]).ToList();
        Assert.Contains($"Scaled down replica set {rs["metadata"]!["name"]} from 2 to 0", messages);
        Assert.Contains($"Scaled up replica set {rs["metadata"]!["name"]} from 0 to 2", messages);
    }

    [Fact]
    public async Task A_deleted_pod_is_replaced()
    {
        await using var cluster = new ClusterFixture();
        cluster.CreateDeployment("web", "registry.local/web:1.0", 2);
        await cluster.WaitUntil(() => RolledOut(cluster.Get(BuiltInTypes.Deployments, "web"), 2), "rolled out");
        var rs = Assert.Single(cluster.ReplicaSetsOf("web"));
        var victim = (string)cluster.PodsOf(rs)[0]["metadata"]!["name"]!;

        cluster.Store.Delete(BuiltInTypes.Pods, ClusterFixture.Ns, victim);

        await cluster.WaitUntil(() => cluster.PodsOf(rs).Count(p => (string?)p["status"]!["phase"] == "Running") == 2, "replacement running");
        Assert.DoesNotContain(cluster.PodsOf(rs), p => (string?)p["metadata"]!["name"] == victim);
    }
}
