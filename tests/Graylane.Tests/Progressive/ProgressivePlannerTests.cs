using Graylane.Core.Model;
using Graylane.Core.Progressive;

namespace Graylane.Tests.Progressive;

/// <summary>Which step comes next, from the run as recorded: where a killed run resumes and what it never repeats.</summary>
public class ProgressivePlannerTests
{
    private static readonly DateTimeOffset T0 = new(2026, 3, 1, 9, 0, 0, TimeSpan.Zero);
    private static readonly TimeSpan Interval = TimeSpan.FromMinutes(2);

    private static ProgressiveRun Run(params int[] steps) => new() { Steps = [.. steps], Interval = Interval, Inputs = "x", StartedAt = T0 };

    private static ProgressiveStep Reached(int weight, DateTimeOffset at, params bool[] analyses) => new()
    {
        Weight = weight,
        ShiftedAt = at,
        Analyses = analyses.Select((passed, i) => new StepAnalysis { Passed = passed, Time = at + Interval * (i + 1) }).ToList(),
    };

    [Fact]
    public void A_new_run_shifts_to_the_first_step()
    {
        Assert.Equal(new ProgressAction(ProgressActionKind.Shift, 0), ProgressivePlanner.Next(Run(5, 25, 100), 0, T0));
    }

    [Fact]
    public void A_step_reached_waits_what_is_left_of_its_interval_then_is_analysed()
    {
        var run = Run(5, 25, 100);
        run.Reached.Add(Reached(5, T0));
        Assert.Equal(new ProgressAction(ProgressActionKind.Wait, 0, T0 + Interval), ProgressivePlanner.Next(run, 5, T0 + TimeSpan.FromSeconds(30)));
        Assert.Equal(new ProgressAction(ProgressActionKind.Analyse, 0), ProgressivePlanner.Next(run, 5, T0 + Interval));
    }

    [Fact]
    public void A_run_killed_after_step_two_passed_resumes_at_step_three_and_repeats_neither()
    {
        var run = Run(5, 25, 50, 100);
        run.Reached.Add(Reached(5, T0, true));
        run.Reached.Add(Reached(25, T0 + Interval, true));
        Assert.Equal(new ProgressAction(ProgressActionKind.Shift, 2), ProgressivePlanner.Next(run, 25, T0 + Interval * 3));
    }

    [Fact]
    public void Traffic_moved_away_from_the_step_reached_is_moved_back()
    {
        var run = Run(5, 25);
        run.Reached.Add(Reached(5, T0));
        Assert.Equal(ProgressActionKind.Shift, ProgressivePlanner.Next(run, 0, T0 + Interval).Kind);
    }

    [Fact]
    public void Every_step_passed_completes()
    {
        var run = Run(50, 100);
        run.Reached.Add(Reached(50, T0, true));
        run.Reached.Add(Reached(100, T0 + Interval, true));
        Assert.Equal(ProgressActionKind.Complete, ProgressivePlanner.Next(run, 100, T0 + Interval * 3).Kind);
    }

    [Fact]
    public void A_failed_analysis_under_the_limit_retries_after_another_interval_and_fails_at_the_limit()
    {
        var run = Run(5, 100);
        run.Reached.Add(Reached(5, T0, false));
        Assert.Equal(StepVerdict.Retry, ProgressivePlanner.Judge(run, 0, failureLimit: 2));
        var lastAnalysis = run.Reached[0].Analyses[^1].Time;
        Assert.Equal(new ProgressAction(ProgressActionKind.Wait, 0, lastAnalysis + Interval), ProgressivePlanner.Next(run, 5, lastAnalysis));
        run.Reached[0].Analyses.Add(new StepAnalysis { Passed = false, Time = lastAnalysis + Interval });
        Assert.Equal(StepVerdict.Failed, ProgressivePlanner.Judge(run, 0, failureLimit: 2));
        Assert.Equal(StepVerdict.Failed, ProgressivePlanner.Judge(Run1Failed(), 0, failureLimit: 1));
    }

    private static ProgressiveRun Run1Failed()
    {
        var run = Run(5, 100);
        run.Reached.Add(Reached(5, T0, false));
        return run;
    }

    [Fact]
    public void A_crashing_pod_fails_the_step_at_once_whatever_the_limit()
    {
        var run = Run(5, 100);
        run.Reached.Add(Reached(5, T0));
        run.Reached[0].Analyses.Add(new StepAnalysis { Passed = false, Fatal = true, Time = T0 + Interval });
        Assert.Equal(StepVerdict.Failed, ProgressivePlanner.Judge(run, 0, failureLimit: 5));
    }

    [Fact]
    public void A_stopped_run_started_again_is_a_new_attempt_analysed_at_once_with_failures_counted_anew()
    {
        var run = Run(5, 100);
        run.Reached.Add(Reached(5, T0, false));
        run.Attempt = 1;
        var now = T0 + TimeSpan.FromHours(1);
        Assert.Equal(new ProgressAction(ProgressActionKind.Analyse, 0), ProgressivePlanner.Next(run, 5, now));
        run.Reached[0].Analyses.Add(new StepAnalysis { Passed = false, Time = now, Attempt = 1 });
        Assert.Equal(1, ProgressivePlanner.Failures(run, 0));
        Assert.Equal(StepVerdict.Retry, ProgressivePlanner.Judge(run, 0, failureLimit: 2));
    }

    [Fact]
    public void A_recorded_run_continues_only_with_the_same_inputs()
    {
        Assert.True(ProgressivePlanner.Continues(Run(5), "x"));
        Assert.False(ProgressivePlanner.Continues(Run(5), "y"));
        Assert.False(ProgressivePlanner.Continues(null, "x"));
    }
}
