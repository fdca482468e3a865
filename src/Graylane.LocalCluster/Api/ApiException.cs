using System.Text.Json.Nodes;

namespace Graylane.LocalCluster.Api;

/// <summary>A request that ends in a Status object: code, reason, message and optional details.</summary>
internal sealed class ApiException(int code, string reason, string message, JsonObject? details = null, int? retryAfterSeconds = null)
    : Exception(message)
{
    public int Code { get; } = code;
    public string Reason { get; } = reason;
    public JsonObject? Details { get; } = details;
    public int? RetryAfterSeconds { get; } = retryAfterSeconds;

    public JsonObject ToStatus() => StatusObjects.Failure(Code, Reason, Message, Details);
}
