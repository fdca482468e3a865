namespace Graylane.LocalCluster;

/// <summary>One API request as the local cluster saw it.</summary>
/// <param name="Verb">get, list, watch, create, update, patch, delete, deletecollection; "" for non-resource paths (discovery, openapi).</param>
/// <param name="Resource">Plural ("deployments"), "" for non-resource paths.</param>
/// <param name="Subresource">"status", "scale" or "".</param>
public sealed record ApiRequestEntry(
    DateTimeOffset Time,
    string Method,
    string Path,
    string Verb,
    string Group,
    string Resource,
    string Subresource,
    string? Namespace,
    string? Name,
    int StatusCode,
    long BytesIn,
    long BytesOut)
{
    /// <summary>"HTTP/1.1" or "HTTP/2" (what the client negotiated).</summary>
    public string Protocol { get; init; } = "";

    /// <summary>The server's id of the connection the request came on (requests of one client on one connection share it).</summary>
    public string Connection { get; init; } = "";

    public bool IsWrite => IsWriteVerb(Verb);

    public static bool IsWriteVerb(string verb) => verb is "create" or "update" or "patch" or "delete" or "deletecollection";
}
