namespace Graylane.Core.Model;

/// <summary>One evaluation of one metric gate: the value the query returned and whether it was within the thresholds.</summary>
public sealed class GateEvaluation
{
    public string Gate { get; set; } = "";
    public DateTimeOffset Time { get; set; }
    /// <summary>Null when the query returned no number (no data, NaN, an error).</summary>
    public double? Value { get; set; }
    public bool Passed { get; set; }
    /// <summary>e.g. "0.995 >= min 0.99", or why there was no value.</summary>
    public string Message { get; set; } = "";
}
