using Graylane.Core.Model;
using Graylane.Tests.Approvals.Support;
using Graylane.Tests.Support;

namespace Graylane.Tests.Progressive;

/// <summary>A progressive shift cancelled during a step's wait stops at once and, run again, resumes at that step.</summary>
public class ProgressiveResumeTests
{
    [Fact]
    public async Task Cancelled_during_the_wait_it_stops_and_a_re_run_resumes_at_the_step_reached()
    {
        await using var s = await ProgressiveScenario.StartAsync();
        var start = new DateTimeOffset(2026, 3, 1, 9, 0, 0, TimeSpan.Zero);
        var manual = new ManualClock(start);
        using var cancel = new CancellationTokenSource();
        (string, string)[] inputs = [("steps", "10,50,100"), ("step-interval", "10m")];
        var run = s.ShiftCancellableAsync(manual, cancel.Token, inputs);
        for (var i = 0; i < 400 && manual.Waiting == 0 && !run.IsCompleted; i++) await Task.Delay(25);
        Assert.True(manual.Waiting > 0, "the step never waited");

        await cancel.CancelAsync(); // what SIGTERM does: the step's token, no clock moving
        var (code, host) = await run;
        Assert.True(code == 130, host.Log); // cancelled (no signal named: as SIGINT), see docs/cancellation.md
        Assert.Contains("cancelled", Assert.Single(host.Errors));
        Assert.Matches(@"^cancelled during Shifted at 10% \(SIGINT\)$", s.Record().History[^1].Message);
        var reached = Assert.Single(s.Record().Progressive!.Reached);
        Assert.Equal(10, reached.Weight);
        Assert.Empty(reached.Analyses);

        // Five minutes later the same inputs resume: step 1 waits what is left of its 10 minutes, nothing is repeated.
        var clock = new SkipAheadClock(start + TimeSpan.FromMinutes(5));
        var (again, againHost) = await s.ShiftAsync(clock, inputs);
        Assert.True(again == 0, againHost.Log);
        Assert.Contains(againHost.Lines, l => l.StartsWith("Resuming the run started 2026-03-01 09:00:00Z: 0 of 3 steps passed"));
        Assert.Contains(againHost.Lines, l => l.StartsWith("step 1/3 at 10%: analysing at 09:10:00 UTC (in 5m)"));
        Assert.DoesNotContain(againHost.Lines, l => l == "step 1/3: 10% to v2");
        var done = s.Record().Progressive!;
        Assert.Equal(ProgressiveOutcome.Completed, done.Outcome);
        Assert.Equal(reached.ShiftedAt, done.Reached[0].ShiftedAt);
        Assert.All(done.Reached, r => Assert.Single(r.Analyses));
        Assert.Equal(start + TimeSpan.FromMinutes(10), done.Reached[0].Analyses[0].Time);
    }
}
