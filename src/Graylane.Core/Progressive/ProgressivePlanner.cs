using Graylane.Core.Model;

namespace Graylane.Core.Progressive;

/// <summary>
/// Pure planning of a progressive shift: from the run as recorded, the traffic the release has now and the time, which
/// step comes next — so a run killed halfway and started again resumes at the step it reached, waits only what is left
/// of that step's interval, and never repeats a step whose analysis passed.
/// </summary>
public static class ProgressivePlanner
{
    /// <summary>The run recorded for these inputs can be continued; otherwise a new run starts from the first step.</summary>
    public static bool Continues(ProgressiveRun? run, string inputs) => run is not null && run.Inputs == inputs;

    /// <summary>The next thing a running run does.</summary>
    public static ProgressAction Next(ProgressiveRun run, int currentWeight, DateTimeOffset now)
    {
        var i = run.Reached.FindIndex(s => !s.Analyses.Any(a => a.Passed));
        if (i < 0) i = run.Reached.Count;
        if (i >= run.Steps.Count) return new(ProgressActionKind.Complete, run.Steps.Count - 1);
        // Not reached yet, or traffic moved away since (someone shifted by hand): move it to the step's weight.
        if (i >= run.Reached.Count || currentWeight != run.Steps[i]) return new(ProgressActionKind.Shift, i);
        var due = AnalysisDue(run, run.Reached[i], now);
        return now < due ? new(ProgressActionKind.Wait, i, due) : new(ProgressActionKind.Analyse, i);
    }

    /// <summary>
    /// A step is analysed one interval after traffic moved, and again one interval after each failed analysis (under the
    /// failure limit). A run started again after a stop analyses at once: its traffic has been there all along.
    /// </summary>
    public static DateTimeOffset AnalysisDue(ProgressiveRun run, ProgressiveStep step, DateTimeOffset now)
    {
        if (step.Analyses.Count == 0) return step.ShiftedAt + run.Interval;
        var last = step.Analyses[^1];
        return last.Attempt == run.Attempt ? last.Time + run.Interval : now;
    }

    /// <summary>The verdict on a step after an analysis was added to it.</summary>
    public static StepVerdict Judge(ProgressiveRun run, int index, int failureLimit)
    {
        var step = run.Reached[index];
        var last = step.Analyses[^1];
        if (last.Passed) return StepVerdict.Passed;
        if (last.Fatal) return StepVerdict.Failed;
        return Failures(run, index) >= failureLimit ? StepVerdict.Failed : StepVerdict.Retry;
    }

    /// <summary>Consecutive failed analyses of a step in the current attempt (for "2 of 3" in logs).</summary>
    public static int Failures(ProgressiveRun run, int index)
    {
        var a = run.Reached[index].Analyses;
        var n = 0;
        for (var k = a.Count - 1; k >= 0 && !a[k].Passed && a[k].Attempt == run.Attempt; k--) n++;
        return n;
    }
}

/// <summary>Passed: on to the next step; Retry: under the failure limit, analyse again after another interval; Failed: on-fail.</summary>
public enum StepVerdict
{
    Passed,
    Retry,
    Failed,
}
