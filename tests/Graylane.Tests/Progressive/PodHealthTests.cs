using System.Text.Json.Nodes;
using Graylane.Core.Progressive;

namespace Graylane.Tests.Progressive;

/// <summary>The built-in analysis: readiness, restarts since the step began, CrashLoopBackOff, OOMKilled — naming pod and reason.</summary>
public class PodHealthTests
{
    private static JsonObject Pod(string name, bool ready, int restarts, string? waiting = null, string? lastReason = null, int? exit = null) => new()
    {
        ["metadata"] = new JsonObject { ["name"] = name },
        ["status"] = new JsonObject
        {
            ["phase"] = "Running",
            ["conditions"] = new JsonArray(new JsonObject { ["type"] = "Ready", ["status"] = ready ? "True" : "False", ["reason"] = ready ? null : "ContainersNotReady" }),
            ["containerStatuses"] = new JsonArray(new JsonObject
            {
                ["name"] = "web",
                ["restartCount"] = restarts,
                ["ready"] = ready,
                ["state"] = waiting is null ? new JsonObject { ["running"] = new JsonObject() } : new JsonObject { ["waiting"] = new JsonObject { ["reason"] = waiting } },
                ["lastState"] = lastReason is null ? new JsonObject() : new JsonObject { ["terminated"] = new JsonObject { ["reason"] = lastReason, ["exitCode"] = exit } },
            }),
        },
    };

    [Fact]
    public void Ready_pods_without_new_restarts_are_healthy()
    {
        var pods = new[] { Pod("web-v2-a", true, 2), Pod("web-v2-b", true, 0) };
        var result = PodHealth.Check(pods, PodHealth.Restarts(pods));
        Assert.True(result.Healthy);
        Assert.Equal(new Dictionary<string, int> { ["web-v2-a/web"] = 2, ["web-v2-b/web"] = 0 }, PodHealth.Restarts(pods));
    }

    [Fact]
    public void A_restart_since_traffic_moved_fails_naming_the_pod_and_the_last_exit()
    {
        var result = PodHealth.Check([Pod("web-v2-a", true, 3, lastReason: "Error", exit: 137)], new Dictionary<string, int> { ["web-v2-a/web"] = 2 });
        Assert.True(result.Fatal);
        Assert.Equal("pod web-v2-a: container web restarted 1 time(s) since traffic moved to this step; last exit: Error, code 137", Assert.Single(result.Findings));
    }

    [Fact]
    public void CrashLoopBackOff_fails_naming_the_pod()
    {
        var result = PodHealth.Check([Pod("web-v2-a", false, 4, waiting: "CrashLoopBackOff", lastReason: "Error", exit: 1)], new Dictionary<string, int> { ["web-v2-a/web"] = 4 });
        Assert.True(result.Fatal);
        Assert.Equal("pod web-v2-a: container web is in CrashLoopBackOff (4 restarts; last exit: Error, code 1)", Assert.Single(result.Findings));
    }

    [Fact]
    public void OOMKilled_fails_naming_the_pod()
    {
        var result = PodHealth.Check([Pod("web-v2-b", true, 1, lastReason: "OOMKilled", exit: 137)], new Dictionary<string, int>());
        Assert.True(result.Fatal);
        Assert.Equal("pod web-v2-b: container web was OOMKilled (out of memory; 1 restarts)", Assert.Single(result.Findings));
    }

    [Fact]
    public void An_old_OOM_kill_before_the_step_is_not_held_against_it()
    {
        var result = PodHealth.Check([Pod("web-v2-b", true, 1, lastReason: "OOMKilled", exit: 137)], new Dictionary<string, int> { ["web-v2-b/web"] = 1 });
        Assert.True(result.Healthy);
    }

    [Fact]
    public void A_pod_not_ready_fails_without_being_fatal()
    {
        var result = PodHealth.Check([Pod("web-v2-a", true, 0), Pod("web-v2-c", false, 0, waiting: "ContainerCreating")], new Dictionary<string, int>());
        Assert.False(result.Fatal);
        Assert.Equal("pod web-v2-c is not ready (container web: ContainerCreating)", Assert.Single(result.Findings));
    }

    [Fact]
    public void No_gray_pods_at_all_fails()
    {
        var result = PodHealth.Check([], new Dictionary<string, int>());
        Assert.True(result.Fatal);
        Assert.Equal("no gray pods are running", Assert.Single(result.Findings));
    }
}
