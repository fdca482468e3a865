namespace Graylane.LocalCluster.Routing;

/// <summary>
/// The request as one proxy sees it: headers (names case-insensitive, as in HTTP), query, path, authority,
/// and who sends it. Gateway is "ns/name" at an ingress gateway, null for mesh (sidecar) traffic.
/// </summary>
internal sealed class RequestState
{
    public required Dictionary<string, string> Headers { get; init; }
    public required Dictionary<string, string> Query { get; init; }
    public required string Path { get; init; }
    public required string Authority { get; init; }
    public string? Gateway { get; init; }
    public required string SourceNamespace { get; init; }
    public required IReadOnlyDictionary<string, string> SourceLabels { get; init; }

    public string Method => Headers.TryGetValue(":method", out var m) ? m : "GET";

    /// <summary>The entry request. A "cookie" header is built from Cookies ("k=v; k2=v2") unless one is given.</summary>
    public static RequestState From(RouteRequest r, string? gateway, IReadOnlyDictionary<string, string> gatewayLabels)
    {
        var headers = new Dictionary<string, string>(r.Headers, StringComparer.OrdinalIgnoreCase);
        if (!headers.ContainsKey("cookie") && r.Cookies.Count > 0)
            headers["cookie"] = string.Join("; ", r.Cookies.Select(c => $"{c.Key}={c.Value}"));
        var path = string.IsNullOrEmpty(r.Path) ? "/" : r.Path;
        var query = new Dictionary<string, string>(StringComparer.Ordinal);
        var q = path.IndexOf('?');
        if (q >= 0)
        {
            foreach (var pair in path[(q + 1)..].Split('&', StringSplitOptions.RemoveEmptyEntries))
            {
                var eq = pair.IndexOf('=');
                var key = Uri.UnescapeDataString(eq < 0 ? pair : pair[..eq]);
                query.TryAdd(key, eq < 0 ? "" : Uri.UnescapeDataString(pair[(eq + 1)..]));
            }
            path = path[..q];
        }
        foreach (var (k, v) in r.Query) query[k] = v;
        return new RequestState
        {
            Headers = headers, Query = query, Path = path, Authority = r.Host, Gateway = gateway,
            SourceNamespace = gateway is null ? r.Namespace : gateway.Split('/')[0],
            SourceLabels = gatewayLabels,
        };
    }

    /// <summary>The call a pod makes to the next service: headers propagated (baggage), fresh path "/".</summary>
    public RequestState CallFrom(string authority, string podNamespace, IReadOnlyDictionary<string, string> podLabels) => new()
    {
        Headers = new Dictionary<string, string>(Headers, StringComparer.OrdinalIgnoreCase),
        Query = new Dictionary<string, string>(StringComparer.Ordinal),
        Path = "/", Authority = authority, Gateway = null,
        SourceNamespace = podNamespace, SourceLabels = podLabels,
    };
}
