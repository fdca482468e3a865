namespace Graylane.Core.Model;

/// <summary>One step of a progressive run: traffic moved to Weight at ShiftedAt, then analysed after the interval.</summary>
public sealed class ProgressiveStep
{
    public int Weight { get; set; }
    public DateTimeOffset ShiftedAt { get; set; }
    /// <summary>Each gray pod's container restarts when traffic moved: the built-in analysis counts restarts since then.</summary>
    public Dictionary<string, int> Restarts { get; set; } = new(StringComparer.Ordinal);
    public List<StepAnalysis> Analyses { get; set; } = [];
}
