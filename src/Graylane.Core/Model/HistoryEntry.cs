namespace Graylane.Core.Model;

/// <summary>One step's visit to a release: what it did, when, and who ran it from where.</summary>
public sealed class HistoryEntry
{
    public string Step { get; set; } = "";
    public DateTimeOffset Time { get; set; }
    public string Actor { get; set; } = "";
    public string? Run { get; set; }
    public string Message { get; set; } = "";
}
