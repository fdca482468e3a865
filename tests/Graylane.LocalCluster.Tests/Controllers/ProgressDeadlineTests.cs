using Graylane.LocalCluster.Storage;

namespace Graylane.LocalCluster.Tests.Controllers;

/// <summary>The progress deadline is measured on the controllers' TimeProvider, so a manual clock can jump past it.</summary>
public sealed class ProgressDeadlineTests
{
    private static readonly DateTimeOffset Start = new(2026, 3, 1, 12, 0, 0, TimeSpan.Zero);

    [Fact]
    public async Task A_rollout_that_makes_no_progress_reports_ProgressDeadlineExceeded_after_the_deadline()
    {
        var clock = new ManualTimeProvider(Start);
        await using var cluster = new ClusterFixture(clock);
        cluster.Knobs.Unschedulable("huge");
        cluster.CreateDeployment("web", "registry.local/huge:1.0", 2); // default progressDeadlineSeconds: 600
        await cluster.Idle();
        var progressing = ClusterFixture.Condition(cluster.Get(BuiltInTypes.Deployments, "web"), "Progressing")!;
        Assert.Equal("True", (string?)progressing["status"]);

        clock.Advance(TimeSpan.FromSeconds(599));
        await cluster.Idle();
        Assert.Equal("True", (string?)ClusterFixture.Condition(cluster.Get(BuiltInTypes.Deployments, "web"), "Progressing")!["status"]);

        clock.Advance(TimeSpan.FromSeconds(2));
        await cluster.WaitUntil(() => (string?)ClusterFixture.Condition(cluster.Get(BuiltInTypes.Deployments, "web"), "Progressing")!["status"] == "False",
            "deadline exceeded");
        var d = cluster.Get(BuiltInTypes.Deployments, "web");
        progressing = ClusterFixture.Condition(d, "Progressing")!;
        var rsName = (string?)Assert.Single(cluster.ReplicaSetsOf("web"))["metadata"]!["name"];
        Assert.Equal("ProgressDeadlineExceeded", (string?)progressing["reason"]);
        Assert.Equal($"ReplicaSet \"{rsName}\" has timed out progressing.", (string?)progressing["message"]);
        Assert.Equal("2026-03-01T12:10:01Z", (string?)progressing["lastTransitionTime"]);
        Assert.Equal("False", (string?)ClusterFixture.Condition(d, "Available")!["status"]);
    }

    [Fact]
    public async Task A_short_deadline_is_honoured()
    {
        var clock = new ManualTimeProvider(Start);
        await using var cluster = new ClusterFixture(clock);
        cluster.Knobs.FailImagePull("broken");
        cluster.CreateDeployment("web", "registry.local/web:broken", 1, extraSpec: "\"progressDeadlineSeconds\": 5,");
        await cluster.Idle();
        clock.Advance(TimeSpan.FromSeconds(1)); // let the pull fail
        await cluster.Idle();
        clock.Advance(TimeSpan.FromSeconds(1)); // and back off
        await cluster.Idle();
        Assert.Equal("True", (string?)ClusterFixture.Condition(cluster.Get(BuiltInTypes.Deployments, "web"), "Progressing")!["status"]);

        clock.Advance(TimeSpan.FromSeconds(5));
        await cluster.WaitUntil(() => (string?)ClusterFixture.Condition(cluster.Get(BuiltInTypes.Deployments, "web"), "Progressing")!["reason"] == "ProgressDeadlineExceeded",
            "deadline exceeded");
    }

    [Fact]
    public async Task A_completed_rollout_never_times_out()
    {
        var clock = new ManualTimeProvider(Start);
        await using var cluster = new ClusterFixture(clock);
        cluster.CreateDeployment("web", "registry.local/web:1.0", 2);
        await cluster.Idle(); // the manual clock has not moved: pods are bound and pulling
        Assert.Equal(2, cluster.PodsOf(Assert.Single(cluster.ReplicaSetsOf("web"))).Count(p => (string?)p["status"]!["phase"] == "Pending"));
        clock.Advance(TimeSpan.FromSeconds(1)); // past PodReadyDelay: the pods run
        await cluster.WaitRolledOut("web", 2);

        clock.Advance(TimeSpan.FromSeconds(700));
        await cluster.Idle();

        var progressing = ClusterFixture.Condition(cluster.Get(BuiltInTypes.Deployments, "web"), "Progressing")!;
        Assert.Equal(("True", "NewReplicaSetAvailable"), ((string?)progressing["status"], (string?)progressing["reason"]));
    }
}
