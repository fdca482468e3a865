namespace Graylane.Bench;

/// <summary>One timed operation: wall time, and the API requests the local cluster answered meanwhile.</summary>
/// <param name="Calls">Each request as "verb resource[/subresource]", in the order the server answered them.</param>
public sealed record Measurement(string Operation, string Tool, TimeSpan Wall, int Requests, int Writes, long BytesIn, long BytesOut,
    IReadOnlyList<string> Calls)
{
    public static Measurement Sum(string operation, string tool, IReadOnlyList<Measurement> parts) => new(operation, tool,
        TimeSpan.FromTicks(parts.Sum(p => p.Wall.Ticks)), parts.Sum(p => p.Requests), parts.Sum(p => p.Writes),
        parts.Sum(p => p.BytesIn), parts.Sum(p => p.BytesOut), parts.SelectMany(p => p.Calls).ToList());
}
