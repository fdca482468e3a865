namespace Graylane.Core.Model;

/// <summary>A gate of a progressive run as evaluated: its name, thresholds and (for a metric gate) the query as expanded.</summary>
public sealed class GateLimit
{
    public string Name { get; set; } = "";
    public double? Min { get; set; }
    public double? Max { get; set; }
    public string? Query { get; set; }
}
