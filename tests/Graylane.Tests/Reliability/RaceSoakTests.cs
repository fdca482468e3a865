using System.Diagnostics;
using System.Text.Json.Nodes;
using Graylane.Core.Json;
using Graylane.Engine.Steps;
using Graylane.Tests.Support;
using Xunit.Abstractions;

namespace Graylane.Tests.Reliability;

/// <summary>
/// A race soak: two real graylane processes (as two CI jobs would be) run conflicting steps on one release at once, round
/// after round, against the local cluster; the state each round starts from is prepared in process. After the race the
/// cluster is in the state of one serial order of the two steps — the loser either ran second or changed nothing — and a
/// loser says why, as docs/reliability.md documents: exit 1 "release is busy" (the other step held the Lease or changed the
/// release first: run it again), or exit 2 naming the phase a serial order would also have refused it in. Then the release
/// is finished the way that order finishes it, with nothing lost. Bounded: 50 rounds per pair, or the time bound (the rounds
/// done are printed).
/// </summary>
public class RaceSoakTests(ITestOutputHelper output)
{
    private const int Rounds = 50;
    private static readonly TimeSpan Bound = TimeSpan.FromSeconds(90);

    private sealed record Ran(string Step, int Code, string Output)
    {
        public bool Busy => Code == 1 && Output.Contains("release is busy", StringComparison.Ordinal);
        public override string ToString() => $"{Step}: exit {Code}\n{Output}";
    }

    private static JsonObject Record(ClusterFixture c, string app) =>
        JsonNode.Parse((string)c.Server.Get("v1", "ConfigMap", "default", $"graylane-{app}")!["data"]!["release.json"]!)!.AsObject();

    private static string Phase(ClusterFixture c, string app) => (string)Record(c, app)["phase"]!;

    /// <summary>Deployments (replicas, image), Service selectors and the Istio objects' specs, as a user would compare them.</summary>
    private static string Objects(ClusterFixture c)
    {
        var state = new JsonObject();
        foreach (var d in c.Server.List("apps/v1", "Deployment", "default").OrderBy(Obj.Name, StringComparer.Ordinal))
            state[Obj.Name(d)] = new JsonObject { ["replicas"] = d["spec"]!["replicas"]!.DeepClone(), ["image"] = d["spec"]!["template"]!["spec"]!["containers"]![0]!["image"]!.DeepClone() };
        foreach (var s in c.Server.List("v1", "Service", "default").OrderBy(Obj.Name, StringComparer.Ordinal))
            state["svc/" + Obj.Name(s)] = s["spec"]!["selector"]?.DeepClone();
        foreach (var kind in new[] { "VirtualService", "DestinationRule" })
            foreach (var o in c.Server.List("networking.istio.io/v1", kind, "default").OrderBy(Obj.Name, StringComparer.Ordinal))
                state[$"{kind}/{Obj.Name(o)}"] = ServerFields.Strip(o)["spec"]!.DeepClone();
        return state.ToJsonString();
    }

    /// <summary>Both steps started at once as real processes; their exit codes and output.</summary>
    private static async Task<(Ran A, Ran B)> RaceAsync(ClusterFixture c, string[] a, string[] b)
    {
        string[] Args(string[] step) =>
            [.. step, "--kubeconfig", c.Kubeconfig, .. StepCatalog.Find(step[0])!.Inputs.Any(i => i.Name == "lock-wait") ? new[] { "--lock-wait", "0s" } : []];
        await using var pa = GraylaneProcess.Start(asPid1: false, null, Args(a));
        await using var pb = GraylaneProcess.Start(asPid1: false, null, Args(b));
        var codes = await Task.WhenAll(pa.WaitAsync(TimeSpan.FromSeconds(60)), pb.WaitAsync(TimeSpan.FromSeconds(60)));
        return (new Ran(a[0], codes[0], pa.Output), new Ran(b[0], codes[1], pb.Output));
    }

    /// <summary>A step that did not go through lost the race and says so, as documented: busy (exit 1) or refused by the phase (exit 2).</summary>
    private static void AssertLostClearly(Ran r, string round, params string[] phaseRefusals)
    {
        if (r.Code == 0) return;
        Assert.True(r.Busy || (r.Code == 2 && phaseRefusals.Any(r.Output.Contains)), $"{round}: a loser must say the release is busy (exit 1) or name the phase (exit 2)\n{r}");
    }

    private async Task SoakAsync(string pair, Func<int, Task<string>> round)
    {
        var clock = Stopwatch.StartNew();
        var outcomes = new Dictionary<string, int>();
        var rounds = 0;
        while (rounds < Rounds && clock.Elapsed < Bound)
        {
            var outcome = await round(++rounds);
            outcomes[outcome] = outcomes.GetValueOrDefault(outcome) + 1;
        }
        output.WriteLine($"race soak {pair}: {rounds} rounds in {clock.Elapsed.TotalSeconds:0} s; " +
                         string.Join("; ", outcomes.OrderByDescending(o => o.Value).Select(o => $"{o.Key}: {o.Value}")));
        Assert.True(rounds >= 1);
    }

    /// <summary>
    /// The three pairs at once, each on a cluster of its own: one test, so the soak holds one of the test runner's parallel
    /// slots for its time bound rather than three. Every pair that fails is reported.
    /// </summary>
    [Fact]
    public async Task Conflicting_steps_raced_round_after_round_end_in_one_serial_order()
    {
        var pairs = new (string Name, Func<Task> Soak)[]
        {
            ("shift-traffic 30 vs rollback", ShiftTrafficAgainstRollbackAsync),
            ("promote vs shift-traffic 100", PromoteAgainstShiftTrafficAsync),
            ("deploy-gray vs deploy-gray", DeployGrayOfTwoVersionsAsync),
        };
        var failed = await Task.WhenAll(pairs.Select(async p =>
        {
            try
            {
                await Task.Run(p.Soak);
                return null;
            }
            catch (Exception e)
            {
                return $"{p.Name}: {e.Message}";
            }
        }));
        Assert.True(failed.All(f => f is null), string.Join("\n\n", failed.Where(f => f is not null)));
    }

    /// <summary>shift-traffic 30 against rollback: either order ends rolled back with every object as before the release.</summary>
    private async Task ShiftTrafficAgainstRollbackAsync()
    {
        await using var c = await ClusterFixture.StartAsync(Bookinfo.Reviews + "\n---\n" + Bookinfo.UserIstio, "reviews-v1");
        (string, string)[] deploy = [("service", "reviews"), ("router", "istio"), ("route", "primary"), ("image", "istio/examples-bookinfo-reviews-v2:1.16.2"), ("version", "v2")];
        var before = Objects(c);
        // The state shift-traffic alone leaves (rollback lost): measured once, serially.
        Assert.Equal(0, (await c.RunAsync("deploy-gray", deploy)).Code);
        Assert.Equal(0, (await c.RunAsync("shift-traffic", ("app", "reviews"), ("weight", "30"))).Code);
        var shifted = Objects(c);
        Assert.Equal(0, (await c.RunAsync("rollback", ("app", "reviews"))).Code);
        Assert.Equal(before, Objects(c));

        await SoakAsync("shift-traffic 30 vs rollback", async n =>
        {
            var at = $"round {n}";
            var (dc, dh) = await c.RunAsync("deploy-gray", deploy);
            Assert.True(dc == 0, $"{at}: deploy-gray\n{dh.Log}");
            var (shift, rollback) = await RaceAsync(c, ["shift-traffic", "--app", "reviews", "--weight", "30"], ["rollback", "--app", "reviews"]);
            AssertLostClearly(shift, at, "has ended (RollingBack)", "has ended (RolledBack)");
            AssertLostClearly(rollback, at);
            await c.Server.WaitIdleAsync();
            string outcome;
            if (rollback.Code == 0)
            {
                // Either order ends rolled back (shift-traffic first, or refused after the rollback).
                Assert.True(Phase(c, "reviews") == "RolledBack" && Objects(c) == before, $"{at}: not rolled back\n{Objects(c)}\n{shift}\n{rollback}");
                outcome = shift.Code == 0 ? "shift-traffic, then rollback" : shift.Busy ? "rollback; shift-traffic busy" : "rollback; shift-traffic refused (ended)";
            }
            else
            {
                // The rollback lost: shift-traffic went through alone, and a rollback run now ends the release as before.
                Assert.True(shift.Code == 0, $"{at}: both lost\n{shift}\n{rollback}");
                Assert.True(Phase(c, "reviews") == "Shifted" && Objects(c) == shifted, $"{at}: not the state shift-traffic alone leaves\n{Objects(c)}\n{shift}\n{rollback}");
                var (rc, rh) = await c.RunAsync("rollback", ("app", "reviews"));
                Assert.True(rc == 0, $"{at}: rollback after the race\n{rh.Log}");
                await c.Server.WaitIdleAsync();
                Assert.Equal(before, Objects(c));
                outcome = "shift-traffic; rollback busy";
            }
            Assert.Null(c.Server.Get("coordination.k8s.io/v1", "Lease", "default", "graylane-reviews"));
            return outcome;
        });
    }

    /// <summary>promote against shift-traffic 100: either order ends promoted with nothing left to do.</summary>
    private async Task PromoteAgainstShiftTrafficAsync()
    {
        await using var c = await ClusterFixture.StartAsync();
        await SoakAsync("promote vs shift-traffic 100", async n =>
        {
            var (at, version) = ($"round {n}", $"v{n + 1}");
            var (dc, dh) = await c.RunAsync("deploy-gray", ("service", "nginx-service"), ("image", $"nginx:1.{n + 1}"), ("version", version));
            Assert.True(dc == 0, $"{at}: deploy-gray\n{dh.Log}");
            var (promote, shift) = await RaceAsync(c, ["promote", "--app", "nginx-service"], ["shift-traffic", "--app", "nginx-service", "--weight", "100"]);
            AssertLostClearly(promote, at);
            AssertLostClearly(shift, at, "already promoted");
            await c.Server.WaitIdleAsync();
            string outcome;
            if (promote.Code == 0)
                outcome = shift.Code == 0 ? "shift-traffic, then promote" : shift.Busy ? "promote; shift-traffic busy" : "promote; shift-traffic refused (promoted)";
            else
            {
                // promote lost: shift-traffic went through alone (all traffic on the new version); promote run now finishes.
                Assert.True(shift.Code == 0, $"{at}: both lost\n{promote}\n{shift}");
                Assert.True(Phase(c, "nginx-service") == "Shifted" && c.Selector("nginx-service") == version, $"{at}: not the state shift-traffic alone leaves\n{promote}\n{shift}");
                var (pc, ph) = await c.RunAsync("promote", ("app", "nginx-service"));
                Assert.True(pc == 0, $"{at}: promote after the race\n{ph.Log}");
                outcome = "shift-traffic; promote busy";
            }
            // Either order ends promoted: the Service on the new version, the only Deployment with pods, nothing left to do.
            Assert.Equal("Promoted", Phase(c, "nginx-service"));
            Assert.Equal(version, c.Selector("nginx-service"));
            await c.Server.WaitIdleAsync();
            var running = c.Server.List("apps/v1", "Deployment", "default").Where(d => Obj.Int(d["spec"]!["replicas"]) > 0).ToList();
            Assert.True(running.Count == 1 && (string?)running[0]["spec"]!["template"]!["metadata"]!["labels"]!["version"] == version, $"{at}: {string.Join(", ", running.Select(Obj.Name))} run");
            var writes = await c.WritesAsync();
            Assert.Equal(0, (await c.RunAsync("promote", ("app", "nginx-service"))).Code);
            Assert.Equal(writes, await c.WritesAsync());
            Assert.Equal(0, c.Served("nginx-service").GetValueOrDefault("error"));
            Assert.Null(c.Server.Get("coordination.k8s.io/v1", "Lease", "default", "graylane-nginx-service"));
            return outcome;
        });
    }

    /// <summary>deploy-gray of two versions at once: one release, whole; the other refused; a rollback restores the state before.</summary>
    private async Task DeployGrayOfTwoVersionsAsync()
    {
        await using var c = await ClusterFixture.StartAsync();
        var before = Objects(c);
        await SoakAsync("deploy-gray vs deploy-gray of another version", async n =>
        {
            var at = $"round {n}";
            var (a, b) = ($"v{2 * n}", $"v{2 * n + 1}");
            var (ra, rb) = await RaceAsync(c,
                ["deploy-gray", "--service", "nginx-service", "--image", $"nginx:1.{2 * n}", "--version", a],
                ["deploy-gray", "--service", "nginx-service", "--image", $"nginx:1.{2 * n + 1}", "--version", b]);
            AssertLostClearly(ra, at, "is in progress");
            AssertLostClearly(rb, at, "is in progress");
            // In a serial order the second is refused: exactly one release, whole.
            Assert.True((ra.Code == 0) != (rb.Code == 0), $"{at}: exactly one must win\n{ra}\n{rb}");
            var (winner, loser) = ra.Code == 0 ? (a, rb) : (b, ra);
            Assert.Null(c.Server.Get("coordination.k8s.io/v1", "Lease", "default", "graylane-nginx-service"));
            var record = Record(c, "nginx-service");
            Assert.Equal("GrayReady", (string?)record["phase"]);
            Assert.Equal(winner, (string?)record["grayVersion"]);
            var grays = c.Server.List("apps/v1", "Deployment", "default").Where(d => Obj.Name(d) != "nginx").Select(Obj.Name).ToList();
            Assert.Equal([$"nginx-{winner}"], grays);
            // Nothing lost: the release rolls back to exactly the state before it.
            var (rc, rh) = await c.RunAsync("rollback", ("app", "nginx-service"));
            Assert.True(rc == 0, $"{at}: rollback\n{rh.Log}");
            await c.Server.WaitIdleAsync();
            Assert.Equal(before, Objects(c));
            return loser.Busy ? "one won; the other busy" : "one won; the other refused (in progress)";
        });
    }
}
