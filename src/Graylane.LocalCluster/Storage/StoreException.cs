namespace Graylane.LocalCluster.Storage;

/// <summary>A rejected store operation, carrying what the API returns as a Status object.</summary>
/// <param name="Code">HTTP status: 404, 409, 422…</param>
/// <param name="Reason">Status reason: NotFound, AlreadyExists, Conflict, Invalid…</param>
public sealed class StoreException(int code, string reason, string message) : Exception(message)
{
    public int Code { get; } = code;
    public string Reason { get; } = reason;
}
