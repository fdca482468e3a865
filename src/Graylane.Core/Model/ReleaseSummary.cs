namespace Graylane.Core.Model;

/// <summary>A finished release kept in the record's short history when a new one starts.</summary>
public sealed class ReleaseSummary
{
    public string BaselineVersion { get; set; } = "";
    public string GrayVersion { get; set; } = "";
    public ReleasePhase Phase { get; set; }
    public DateTimeOffset StartedAt { get; set; }
    public DateTimeOffset EndedAt { get; set; }
    public string? Reason { get; set; }
}
