using Xunit.Abstractions;
using System.Text.Json.Nodes;
using Graylane.Core.Json;
using Graylane.LocalCluster;
using Graylane.Tests.Support;

namespace Graylane.Tests.Steps;

/// <summary>
/// A step killed after any of its writes and run again ends exactly where an uninterrupted run ends.
/// The kill is the connection dropping on the next write, so the step stops right after write k.
/// </summary>
public class CrashRecoveryTests(ITestOutputHelper output)
{
    private static readonly (string Step, (string, string)[] Inputs)[] Release =
    [
        ("deploy-gray", [("service", "nginx-service"), ("image", "nginx:1.27"), ("version", "v2")]),
        ("shift-traffic", [("app", "nginx-service"), ("weight", "100")]),
        ("promote", [("app", "nginx-service")]),
        ("rollback", [("app", "nginx-service"), ("reason", "test")]),
    ];

    [Theory]
    [InlineData(0)]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    public async Task Killed_after_each_write_then_rerun_ends_in_the_fault_free_state(int stepIndex)
    {
        var (expected, writes) = await FaultFreeAsync(stepIndex);
        output.WriteLine($"{Release[stepIndex].Step}: {writes} writes, {writes} kill points");
        Assert.True(writes > 0);

        for (var k = 0; k < writes; k++)
        {
            await using var c = await PreparedAsync(stepIndex);
            var kill = c.Server.Faults.Add(new FaultRule { WritesOnly = true, Nth = k + 1, Abort = true });

            // The last write releases the step's lease; a kill there leaves the step done and the lease to expire.
            await c.RunAsync(Release[stepIndex].Step, Release[stepIndex].Inputs);
            Assert.Equal(1, kill.Fired);

            c.Server.Faults.Clear();
            var (code, host) = await c.RunAsync(Release[stepIndex].Step, Release[stepIndex].Inputs);
            Assert.True(code == 0, $"re-run after a kill after write {k}: {host.Log}");
            Assert.Equal(expected, await StateAsync(c));
        }
    }

    private static async Task<(string State, int Writes)> FaultFreeAsync(int stepIndex)
    {
        await using var c = await PreparedAsync(stepIndex);
        var before = c.Server.Requests.Writes;
        var (code, host) = await c.RunAsync(Release[stepIndex].Step, Release[stepIndex].Inputs);
        Assert.True(code == 0, host.Log);
        return (await StateAsync(c), c.Server.Requests.Writes - before);
    }

    private static async Task<ClusterFixture> PreparedAsync(int stepIndex)
    {
        var c = await ClusterFixture.StartAsync();
        for (var i = 0; i < stepIndex; i++)
        {
            var (code, host) = await c.RunAsync(Release[i].Step, Release[i].Inputs);
            Assert.True(code == 0, host.Log);
        }
        return c;
    }

    /// <summary>What a user would call the state: workloads (spec and labels), the Service selector, the release phase.</summary>
    private static async Task<string> StateAsync(ClusterFixture c)
    {
        await c.Server.WaitIdleAsync();
        var state = new JsonObject();
        foreach (var d in c.Server.List("apps/v1", "Deployment", "default").OrderBy(Obj.Name))
            state[$"deployment/{Obj.Name(d)}"] = new JsonObject
            {
                ["spec"] = d["spec"]!.DeepClone(),
                ["labels"] = d["metadata"]!["labels"]?.DeepClone(),
            };
        state["service"] = c.Service("nginx-service")!["spec"]!["selector"]!.DeepClone();
        var record = c.Server.Get("v1", "ConfigMap", "default", "graylane-nginx-service");
        var json = JsonNode.Parse((string)record!["data"]!["release.json"]!)!;
        state["phase"] = json["phase"]!.DeepClone();
        state["weight"] = json["traffic"]!["weight"]!.DeepClone();
        state["snapshots"] = new JsonArray(json["snapshots"]!.AsArray().Select(s => (JsonNode)JsonValue.Create($"{s!["kind"]}/{s["name"]}:{s["existed"]}")!).ToArray());
        return state.ToJsonString();
    }
}
