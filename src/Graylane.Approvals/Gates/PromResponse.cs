using System.Text.Json;

namespace Graylane.Approvals.Gates;

/// <summary>The Prometheus HTTP API envelope: status success|error, data, errorType, error.</summary>
public sealed class PromResponse
{
    public string Status { get; set; } = "";
    public PromData? Data { get; set; }
    public string? ErrorType { get; set; }
    public string? Error { get; set; }
}
