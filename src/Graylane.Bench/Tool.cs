namespace Graylane.Bench;

/// <summary>A program the bench starts: its file, the arguments before the bench's own, and how to name it in the report.</summary>
public sealed record Tool(string Label, string File, IReadOnlyList<string> Prefix, string Detail);
