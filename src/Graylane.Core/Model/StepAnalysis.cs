namespace Graylane.Core.Model;

/// <summary>One analysis of a progressive step: the built-in pod checks and every gate, and whether all passed.</summary>
public sealed class StepAnalysis
{
    public DateTimeOffset Time { get; set; }
    /// <summary>The run's attempt it belongs to (see ProgressiveRun.Attempt).</summary>
    public int Attempt { get; set; }
    public bool Passed { get; set; }
    /// <summary>What the built-in pod checks found wrong ("pod web-v2-abc: CrashLoopBackOff …"); empty when healthy.</summary>
    public List<string> Findings { get; set; } = [];
    /// <summary>Hard failures (a crashing pod) fail the step at once, whatever the failure limit.</summary>
    public bool Fatal { get; set; }
    public List<GateEvaluation> Gates { get; set; } = [];
}
