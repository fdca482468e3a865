using System.Text.Json.Nodes;
using Graylane.Core.Model;
using Graylane.LocalCluster.Storage;
using Graylane.Tests.Approvals.Support;
using Graylane.Tests.Support;

namespace Graylane.Tests.Progressive;

/// <summary>shift-traffic --steps end to end on the local cluster: a good release walks every step, a bad one rolls back or stops.</summary>
public class ProgressiveReleaseTests
{
    [Fact]
    public async Task A_good_release_walks_every_step_with_pods_gates_and_a_webhook_analysed_at_each()
    {
        await using var s = await ProgressiveScenario.StartAsync();
        var clock = SkipAheadClock.StartingAt2026();
        await using var prom = await FakePrometheus.StartAsync(clock, "0.995");
        await using var hook = await FakeHttpServer.StartAsync(clock, (ctx, _) => { ctx.Response.StatusCode = 204; return Task.CompletedTask; } );

        var (code, host) = await s.ShiftAsync(clock, ("steps", "10,50,100"), ("step-interval", "2m"), ("gate", "success-rate:min=0.99\nwebhook=" + hook.Url + "check?token=hook-s3cret"),
            ("prometheus-url", prom.Url.ToString()));

        Assert.True(code == 0, host.Log);
        Assert.Equal(new Dictionary<string, int> { ["v2"] = 20 }, s.Cluster.Served("reviews"));
        var run = s.Record().Progressive!;
        Assert.Equal(ProgressiveOutcome.Completed, run.Outcome);
        Assert.Equal([10, 50, 100], run.Reached.Select(r => r.Weight));
        Assert.All(run.Reached, r => Assert.True(Assert.Single(r.Analyses).Passed));
        Assert.Equal(TimeSpan.FromMinutes(2), run.Reached[1].ShiftedAt - run.Reached[0].ShiftedAt);
        // The expanded query is printed, and Prometheus got it once before any write and once per step.
        Assert.Contains(host.Lines, l => l.StartsWith("gate success-rate (min 0.99): sum(rate(istio_requests_total{reporter=\"destination\",destination_workload_namespace=\"default\",destination_workload=\"reviews-v2\",destination_version=\"v2\",response_code!~\"5..\"}[2m]))"));
        Assert.Equal(4, prom.Queries.Count);
        // Flagger's webhook contract: the release context, once per step.
        var calls = hook.Requests.ToList();
        Assert.Equal(3, calls.Count);
        var body = JsonNode.Parse(calls[1].Body)!;
        Assert.Equal("reviews", (string?)body["name"]);
        Assert.Equal("default", (string?)body["namespace"]);
        Assert.Equal("Progressing", (string?)body["phase"]);
        Assert.Equal("50", (string?)body["metadata"]!["weight"]);
        Assert.Equal("2", (string?)body["metadata"]!["step"]);
        Assert.Equal("v1", (string?)body["metadata"]!["baselineVersion"]);
        Assert.Equal("v2", (string?)body["metadata"]!["grayVersion"]);
        var summary = host.Summary.ToString();
        Assert.Contains("#### Progress: every step passed (10% → 50% → 100%)", summary);
        Assert.Contains("| 2 | 50% |", summary);
        Assert.Contains("```mermaid", summary);
        Assert.Contains("bar [10, 50, 100]", summary);
        Assert.Contains("line [0.995, 0.995, 0.995]", summary);
        Assert.Contains("line [0.99, 0.99, 0.99]", summary);
        Assert.Equal("100", host.Outputs["gray-weight"]);
        // A token in the webhook's query string is neither logged nor kept in the record (a ConfigMap).
        Assert.DoesNotContain("hook-s3cret", host.Log + host.Summary);
        Assert.DoesNotContain("hook-s3cret", s.Cluster.Server.Get("v1", "ConfigMap", "default", "graylane-reviews")!.ToJsonString());

        // Run again with the same inputs: every step passed, nothing is written.
        var writes = await s.Cluster.WritesAsync();
        var (again, againHost) = await s.ShiftAsync(clock, ("steps", "10,50,100"), ("step-interval", "2m"), ("gate", "success-rate:min=0.99\nwebhook=" + hook.Url + "check?token=hook-s3cret"),
            ("prometheus-url", prom.Url.ToString()));
        Assert.True(again == 0, againHost.Log);
        Assert.Contains(againHost.Lines, l => l.StartsWith("Every step already passed"));
        Assert.Equal(writes, await s.Cluster.WritesAsync());
    }

    [Fact]
    public async Task A_failing_gate_rolls_back_at_the_first_step_with_the_value_printed()
    {
        await using var s = await ProgressiveScenario.StartAsync();
        var clock = SkipAheadClock.StartingAt2026();
        await using var prom = await FakePrometheus.StartAsync(clock, "0.7");

        var (code, host) = await s.ShiftAsync(clock, ("steps", "10,50,100"), ("step-interval", "1m"), ("gate", "success-rate:min=0.99"), ("prometheus-url", prom.Url.ToString()));

        Assert.Equal(1, code);
        Assert.Contains(host.Lines, l => l == "gate success-rate: FAIL 0.7 < min 0.99");
        Assert.Contains(host.Errors, e => e.Contains("Analysis failed at step 1/3 at 10%: gate success-rate: 0.7 < min 0.99. The release of reviews v2 is rolled back to v1."));
        var record = s.Record();
        Assert.Equal(ReleasePhase.RolledBack, record.Phase);
        Assert.Equal(ProgressiveOutcome.Failed, record.Progressive!.Outcome);
        Assert.Single(record.Progressive.Reached);
        Assert.Null(s.Cluster.Deployment("reviews-v2"));
        Assert.Equal(new Dictionary<string, int> { ["v1"] = 20 }, s.Cluster.Served("reviews"));
        Assert.Contains("rolled back", host.Summary.ToString());

        // Run again with the same inputs: the same failure, nothing written, nothing repeated.
        var writes = await s.Cluster.WritesAsync();
        var (again, againHost) = await s.ShiftAsync(clock, ("steps", "10,50,100"), ("step-interval", "1m"), ("gate", "success-rate:min=0.99"), ("prometheus-url", prom.Url.ToString()));
        Assert.Equal(1, again);
        Assert.Contains(againHost.Lines, l => l.StartsWith("Already rolled back after the analysis failed"));
        Assert.Equal(writes, await s.Cluster.WritesAsync());
    }

    [Fact]
    public async Task A_gray_pod_crash_looping_during_a_step_fails_it_naming_the_pod_and_on_fail_stop_leaves_traffic()
    {
        await using var s = await ProgressiveScenario.StartAsync();
        var clock = new ManualClock(new DateTimeOffset(2026, 3, 1, 9, 0, 0, TimeSpan.Zero));
        var run = s.ShiftAsync(clock, ("steps", "20,100"), ("step-interval", "30s"), ("on-fail", "stop"));
        await WaitAsync(() => clock.Waiting > 0 || run.IsCompleted);
        if (run.IsCompleted) Assert.Fail((await run).Host.Log);

        // While step 1 runs, a gray pod starts crash looping (its replacement gets the knob's crash loop).
        s.Cluster.Server.Knobs.CrashLoop("reviews-v2");
        var victim = s.Cluster.Server.List("v1", "Pod", "default").First(p => ((string)p["metadata"]!["name"]!).StartsWith("reviews-v2-"));
        s.Cluster.Server.Store.Delete(BuiltInTypes.Pods, "default", (string)victim["metadata"]!["name"]!);
        await WaitAsync(() => Crashing(s) is not null);
        var crashing = Crashing(s);
        clock.Advance(TimeSpan.FromSeconds(30));
        var (code, host) = await run;

        Assert.True(code == 1, host.Log);
        Assert.Contains(host.Errors, e => e.Contains($"Analysis failed at step 1/2 at 20%: pod {crashing}: container reviews is in CrashLoopBackOff (")
                                        && e.Contains("Traffic stays at 20% (--on-fail stop)"));
        var record = s.Record();
        Assert.Equal(ReleasePhase.Shifted, record.Phase);
        Assert.Equal(20, record.Traffic.Weight);
        Assert.Equal(ProgressiveOutcome.Failed, record.Progressive!.Outcome);
        Assert.NotNull(s.Cluster.Deployment("reviews-v2"));
        Assert.Contains("#### Progress: failed at step 1 (20%), stopped", host.Summary.ToString());
    }

    private static string? Crashing(ProgressiveScenario s) => (string?)s.Cluster.Server.List("v1", "Pod", "default")
        .FirstOrDefault(p => (string?)p["status"]?["containerStatuses"]?[0]?["state"]?["waiting"]?["reason"] == "CrashLoopBackOff")?["metadata"]?["name"];

    private static async Task WaitAsync(Func<bool> condition)
    {
        for (var i = 0; i < 400 && !condition(); i++) await Task.Delay(25);
        Assert.True(condition());
    }
}
