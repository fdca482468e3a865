using System.Text.Json.Nodes;
using Graylane.LocalCluster.Storage;

namespace Graylane.LocalCluster.Tests.Controllers;

public sealed class PodFaultKnobTests
{
    private static string? WaitingReason(JsonObject? container) => (string?)container?["state"]?["waiting"]?["reason"];

    private static JsonObject OnlyPod(ClusterFixture cluster, string deployment) =>
        Assert.Single(cluster.PodsOf(Assert.Single(cluster.ReplicaSetsOf(deployment))));

    private static JsonObject? OnlyPodOrNull(ClusterFixture cluster, string deployment) =>
        cluster.ReplicaSetsOf(deployment).SingleOrDefault() is { } rs ? cluster.PodsOf(rs).SingleOrDefault() : null;

    private static List<JsonObject> Events(ClusterFixture cluster, JsonObject pod, string reason) =>
        cluster.EventsFor((string)pod["metadata"]!["name"]!).Where(e => (string?)e["reason"] == reason).ToList();

    [Fact]
    public async Task An_image_pull_failure_shows_ErrImagePull_then_ImagePullBackOff_with_events()
    {
        await using var cluster = new ClusterFixture();
        cluster.Knobs.FailImagePull("no-such-tag");
        var seen = new List<string>();
        cluster.Store.Changed += e =>
        {
            if (e.Resource == BuiltInTypes.Pods && WaitingReason(e.Object["status"]?["containerStatuses"]?[0] as JsonObject) is { } r)
                lock (seen) seen.Add(r);
        };
        const string image = "registry.local/web:no-such-tag";
        cluster.CreateDeployment("web", image, 1);

        // The pod as it was while in ImagePullBackOff: the kubelet keeps retrying (ErrImagePull again after a back-off of
        // 50 ms), so a second read could already see the next pull failing on a loaded machine.
        JsonObject? pod = null;
        await cluster.WaitUntil(() => (pod = OnlyPodOrNull(cluster, "web")) is { } p
            && WaitingReason(p["status"]?["containerStatuses"]?[0] as JsonObject) == "ImagePullBackOff", "ImagePullBackOff");

        var container = (JsonObject)pod!["status"]!["containerStatuses"]![0]!;
        Assert.Equal("Pending", (string?)pod["status"]!["phase"]);
        Assert.Equal($"Back-off pulling image \"{image}\"", (string?)container["state"]!["waiting"]!["message"]);
        Assert.False((bool)container["ready"]!);
        Assert.Equal("False", (string?)ClusterFixture.Condition(pod, "Ready")!["status"]);
        Assert.NotNull(pod["status"]!["podIP"]);
        lock (seen) Assert.True(seen.IndexOf("ErrImagePull") >= 0 && seen.IndexOf("ErrImagePull") < seen.IndexOf("ImagePullBackOff"));

        var failed = Events(cluster, pod, "Failed");
        var pullFailed = Assert.Single(failed, e => ((string?)e["message"])!.StartsWith("Failed to pull", StringComparison.Ordinal));
        Assert.Equal($"Failed to pull image \"{image}\": rpc error: code = NotFound desc = failed to pull and unpack image \"{image}\": not found",
            (string?)pullFailed["message"]);
        Assert.Equal("Warning", (string?)pullFailed["type"]);
        Assert.Equal("kubelet", (string?)pullFailed["source"]!["component"]);
        Assert.Contains(failed, e => (string?)e["message"] == "Error: ImagePullBackOff");
        var backOff = Assert.Single(Events(cluster, pod, "BackOff"));
        Assert.Equal($"Back-off pulling image \"{image}\"", (string?)backOff["message"]);
        Assert.Equal("Pod", (string?)backOff["involvedObject"]!["kind"]);
        Assert.Equal((string?)pod["metadata"]!["uid"], (string?)backOff["involvedObject"]!["uid"]);

        // The kubelet keeps retrying: the same Event object counts up instead of new ones appearing.
        await cluster.WaitUntil(() => Events(cluster, pod, "BackOff").Any(e => ClusterFixture.Number(e["count"]) >= 2), "second back-off");
        Assert.Single(Events(cluster, pod, "BackOff"));
        var deployment = cluster.Get(BuiltInTypes.Deployments, "web");
        Assert.Equal("False", (string?)ClusterFixture.Condition(deployment, "Available")!["status"]);
    }

    [Fact]
    public async Task A_crash_loop_shows_CrashLoopBackOff_with_growing_restart_count_and_back_off_events()
    {
        await using var cluster = new ClusterFixture();
        cluster.Knobs.CrashLoop("crashy");
        cluster.CreateDeployment("web", "registry.local/crashy:1.0", 1);

        await cluster.WaitUntil(() => ClusterFixture.Number(cluster.OnlyContainerStatus("web")?["restartCount"]) >= 3, "three restarts");

        var pod = OnlyPod(cluster, "web");
        var container = (JsonObject)pod["status"]!["containerStatuses"]![0]!;
        Assert.Equal("Running", (string?)pod["status"]!["phase"]);
        Assert.Equal("CrashLoopBackOff", WaitingReason(container));
        Assert.StartsWith("back-off ", (string?)container["state"]!["waiting"]!["message"]);
        Assert.Equal(1, ClusterFixture.Number(container["lastState"]!["terminated"]!["exitCode"]));
        Assert.Equal("Error", (string?)container["lastState"]!["terminated"]!["reason"]);
        Assert.False((bool)container["ready"]!);
        var ready = ClusterFixture.Condition(pod, "Ready")!;
        Assert.Equal(("False", "ContainersNotReady"), ((string?)ready["status"], (string?)ready["reason"]));

        var name = (string)pod["metadata"]!["name"]!;
        var backOff = Assert.Single(Events(cluster, pod, "BackOff"));
        Assert.StartsWith($"Back-off restarting failed container app in pod {name}", (string?)backOff["message"]);
        Assert.Equal("Warning", (string?)backOff["type"]);
        Assert.True(ClusterFixture.Number(backOff["count"]) >= 3);
        Assert.True(ClusterFixture.Number(Assert.Single(Events(cluster, pod, "Started"))["count"]) >= 3);

        var deployment = cluster.Get(BuiltInTypes.Deployments, "web");
        Assert.Equal(0, ClusterFixture.Count(deployment, "readyReplicas"));
        Assert.Equal(1, ClusterFixture.Count(deployment, "unavailableReplicas"));
    }

    [Fact]
    public async Task An_unschedulable_pod_stays_pending_with_a_FailedScheduling_event()
    {
        await using var cluster = new ClusterFixture();
        cluster.Knobs.Unschedulable("huge");
        cluster.CreateDeployment("web", "registry.local/huge:1.0", 1);

        await cluster.WaitUntil(() => cluster.ReplicaSetsOf("web").Count == 1
            && cluster.PodsOf(cluster.ReplicaSetsOf("web")[0]).SingleOrDefault() is { } p && ClusterFixture.Condition(p, "PodScheduled") is not null,
            "scheduling attempted");

        var pod = OnlyPod(cluster, "web");
        Assert.Equal("Pending", (string?)pod["status"]!["phase"]);
        var scheduled = ClusterFixture.Condition(pod, "PodScheduled")!;
        Assert.Equal(("False", "Unschedulable"), ((string?)scheduled["status"], (string?)scheduled["reason"]));
        Assert.Null(pod["spec"]!["nodeName"]);
        Assert.Null(pod["status"]!["podIP"]);
        var failed = Assert.Single(Events(cluster, pod, "FailedScheduling"));
        Assert.Equal("0/1 nodes are available: 1 Insufficient cpu.", (string?)failed["message"]);
        Assert.Equal(("Warning", "default-scheduler"), ((string?)failed["type"], (string?)failed["source"]!["component"]));
        Assert.Empty(Events(cluster, pod, "Scheduled"));
    }

    [Fact]
    public async Task Knobs_apply_to_pods_created_after_they_are_set_and_Clear_restores_health()
    {
        await using var cluster = new ClusterFixture();
        cluster.CreateDeployment("web", "registry.local/web:1.0", 1);
        await cluster.WaitRolledOut("web", 1);

        cluster.Knobs.CrashLoop("web:1.0");
        cluster.Edit(BuiltInTypes.Deployments, "web", d => d["spec"]!["replicas"] = 2);
        var rs = Assert.Single(cluster.ReplicaSetsOf("web"));
        await cluster.WaitUntil(() => cluster.PodsOf(rs).Count(p => WaitingReason(p["status"]?["containerStatuses"]?[0] as JsonObject) == "CrashLoopBackOff") == 1,
            "the new pod crash-loops");
        var pods = cluster.PodsOf(rs);
        Assert.Single(pods, p => (bool?)p["status"]!["containerStatuses"]![0]!["ready"] == true); // the old pod is not retro-fitted

        cluster.Knobs.Clear();
        cluster.Edit(BuiltInTypes.Deployments, "web", d => d["spec"]!["replicas"] = 3);
        await cluster.WaitUntil(() => ClusterFixture.Count(cluster.Get(BuiltInTypes.Deployments, "web"), "readyReplicas") == 2
            && cluster.PodsOf(rs).Count == 3, "the third pod is healthy");
    }
}
