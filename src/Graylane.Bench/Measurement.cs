namespace Graylane.Bench;

/// <summary>One timed command (or a kubectl script summed): wall time, user CPU, peak memory, and the API requests the local cluster answered meanwhile.</summary>
/// <param name="Calls">Each request as "verb resource[/subresource]", in the order the server answered them.</param>
/// <param name="PeakRssKiB">The largest resident set of the process (of any process, for a script).</param>
public sealed record Measurement(Operation Operation, string Tool, TimeSpan Wall, TimeSpan UserCpu, long PeakRssKiB,
    int Requests, int Writes, long BytesIn, long BytesOut, IReadOnlyList<string> Calls)
{
    /// <summary>Measured in the memory pass: only <see cref="PeakRssKiB"/> counts (its times include GNU time's own start).</summary>
    public bool MemoryPass { get; init; }

    public static Measurement Sum(Operation operation, string tool, IReadOnlyList<Measurement> parts) => new(operation, tool,
        TimeSpan.FromTicks(parts.Sum(p => p.Wall.Ticks)), TimeSpan.FromTicks(parts.Sum(p => p.UserCpu.Ticks)), parts.Max(p => p.PeakRssKiB),
        parts.Sum(p => p.Requests), parts.Sum(p => p.Writes), parts.Sum(p => p.BytesIn), parts.Sum(p => p.BytesOut),
        parts.SelectMany(p => p.Calls).ToList()) { MemoryPass = parts.Any(p => p.MemoryPass) };
}
