using System.Text.Json.Nodes;
using Graylane.Core.Json;
using Graylane.Core.Model;
using Graylane.LocalCluster;
using Graylane.Tests.Approvals.Support;
using Xunit.Abstractions;

namespace Graylane.Tests.Progressive;

/// <summary>
/// shift-traffic --steps killed at every one of its API writes — in every step: the shift, the record of the step, its
/// analysis, the lease — then run again with the same inputs: it resumes at the step it reached, ends exactly where a
/// run without the kill ends, and never repeats a step that had passed (its shift and its analysis keep their times).
/// </summary>
public class ProgressiveFaultMatrixTests(ITestOutputHelper output)
{
    private static readonly (string, string)[] Inputs = [("steps", "20,100"), ("step-interval", "1m")];

    [Fact]
    public async Task A_kill_at_every_write_then_a_re_run_resumes_without_repeating_a_passed_step()
    {
        var (expected, writes) = await FaultFreeAsync();
        var cases = 0;
        var killedDuring = new SortedSet<int>(); // the step each kill came during (as the record had it reached)
        for (var k = 1; k <= writes; k++)
        {
            await using var s = await ProgressiveScenario.StartAsync();
            var clock = SkipAheadClock.StartingAt2026();
            var rule = s.Cluster.Server.Faults.Add(new FaultRule { WritesOnly = true, Nth = k, Abort = true });
            var (code, host) = await s.ShiftAsync(clock, Inputs);
            Assert.Equal(1, rule.Fired);
            s.Cluster.Server.Faults.Clear();
            var before = s.Record().Progressive;
            var passedBefore = before?.Reached.Where(r => r.Analyses.Any(a => a.Passed)).ToList() ?? [];
            killedDuring.Add(before?.Reached.Count ?? 0);
            await ExpireLeaseAsync(s);

            clock.Advance(TimeSpan.FromSeconds(10));
            var (again, againHost) = await s.ShiftAsync(clock, Inputs);
            Assert.True(again == 0, $"re-run after a kill at write {k} (first run exit {code}):\n{host.Log}\n---\n{againHost.Log}");
            Assert.Equal(expected, State(s));
            var after = s.Record().Progressive!;
            foreach (var passed in passedBefore)
            {
                var i = before!.Reached.IndexOf(passed);
                Assert.Equal(passed.ShiftedAt, after.Reached[i].ShiftedAt);
                Assert.Equal(passed.Analyses.Single(a => a.Passed).Time, after.Reached[i].Analyses.Single(a => a.Passed).Time);
                Assert.DoesNotContain($"step {i + 1}/2: {passed.Weight}% to v2", againHost.Lines);
            }
            Assert.All(after.Reached, r => Assert.Single(r.Analyses, a => a.Passed));
            cases++;
        }
        output.WriteLine($"progressive fault matrix: {writes} write positions, {cases} kills resumed; killed during steps {string.Join(", ", killedDuring)}");
        Assert.True(writes >= 6 && cases == writes);
        // Every step was killed at least once after it was reached (and once before the first was), and each resumed.
        Assert.Equal([0, 1, 2], killedDuring);
    }

    private static async Task<(string State, int Writes)> FaultFreeAsync()
    {
        await using var s = await ProgressiveScenario.StartAsync();
        var before = await s.Cluster.WritesAsync();
        var (code, host) = await s.ShiftAsync(SkipAheadClock.StartingAt2026(), Inputs);
        Assert.True(code == 0, host.Log);
        return (State(s), await s.Cluster.WritesAsync() - before);
    }

    /// <summary>What a user would call the end state: workloads, mesh objects, phase, traffic and the run's steps and outcome.</summary>
    private static string State(ProgressiveScenario s)
    {
        var state = new JsonObject();
        foreach (var d in s.Cluster.Server.List("apps/v1", "Deployment", "default").OrderBy(Obj.Name))
            state[$"Deployment/{Obj.Name(d)}"] = ServerFields.Strip(d)["spec"]!.DeepClone();
        foreach (var kind in new[] { "VirtualService", "DestinationRule" })
            foreach (var o in s.Cluster.Server.List("networking.istio.io/v1", kind, "default").OrderBy(Obj.Name))
                state[$"{kind}/{Obj.Name(o)}"] = ServerFields.Strip(o)["spec"]!.DeepClone();
        var record = s.Record();
        state["phase"] = record.Phase.ToString();
        state["weight"] = record.Traffic.Weight;
        state["run"] = $"{record.Progressive!.Outcome}: {string.Join(",", record.Progressive.Reached.Select(r => $"{r.Weight}:{r.Analyses.Count(a => a.Passed)}"))}";
        return state.ToJsonString();
    }

    /// <summary>A killed run's lease would expire on its own after a minute; the test ages it instead.</summary>
    private static async Task ExpireLeaseAsync(ProgressiveScenario s)
    {
        var lease = s.Cluster.Server.Get("coordination.k8s.io/v1", "Lease", "default", $"graylane-{ProgressiveScenario.App}");
        if (lease is null) return;
        lease["spec"]!["renewTime"] = "2000-01-01T00:00:00.000000Z";
        ((JsonObject)lease["metadata"]!).Remove("resourceVersion");
        await s.Cluster.Server.ApplyYamlAsync(lease.ToJsonString());
    }
}
