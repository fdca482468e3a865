namespace Graylane.Core.Model;

/// <summary>
/// A progressive shift (shift-traffic --steps): the plan as given and how far it got — each step's weight, when traffic
/// moved, and every analysis of it — kept in the release record so a re-run with the same inputs resumes where it stopped.
/// </summary>
public sealed class ProgressiveRun
{
    /// <summary>The weights, in order (e.g. 5, 25, 50, 100).</summary>
    public List<int> Steps { get; set; } = [];
    /// <summary>The inputs that make it the same run (steps, interval, on-fail, gates, failure limit): a re-run with them resumes.</summary>
    public string Inputs { get; set; } = "";
    public TimeSpan Interval { get; set; }
    /// <summary>rollback or stop.</summary>
    public string OnFail { get; set; } = "rollback";
    public DateTimeOffset StartedAt { get; set; }
    public ProgressiveOutcome Outcome { get; set; }
    /// <summary>Why it failed: the step, the pod or gate, and the reason.</summary>
    public string? FailedWhy { get; set; }
    /// <summary>Incremented when a run stopped by a failed analysis (on-fail stop) is run again: failures count anew.</summary>
    public int Attempt { get; set; }
    /// <summary>The gates every step is analysed with (thresholds for the summary's chart).</summary>
    public List<GateLimit> Gates { get; set; } = [];
    /// <summary>The steps reached so far, in order (index i is Steps[i]).</summary>
    public List<ProgressiveStep> Reached { get; set; } = [];
}
