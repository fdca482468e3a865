using System.Text.Json.Nodes;

namespace Graylane.LocalCluster.Routing;

/// <summary>
/// How ingress-nginx picks the location for a request among the Ingresses of its class that are not canaries: the
/// server by host (an exact host, else a one-label wildcard such as *.example.com, else the rules without a host), then
/// the path: an Exact path first, then the longest Prefix (whole path elements) or ImplementationSpecific path (a plain
/// nginx prefix); equal paths go to the oldest Ingress. The canary for that location is the oldest canary Ingress of
/// the class with a rule for the same host and path.
/// </summary>
internal sealed class IngressLocations(ClusterSnapshot snap)
{
    public const string Prefix = "nginx.ingress.kubernetes.io/";

    public sealed record Location(JsonObject Ingress, string Host, JsonObject Path);

    public JsonObject? Find(string ns, string name) =>
        snap.Ingresses.FirstOrDefault(i => Json.Namespace(i) == ns && Json.Name(i) == name);

    public static string? Class(JsonObject ingress) =>
        Json.Str(ingress, "spec", "ingressClassName") ?? Json.Str(ingress, "metadata", "annotations", "kubernetes.io/ingress.class");

    public static bool IsCanary(JsonObject ingress) => Json.Str(ingress, "metadata", "annotations", Prefix + "canary") == "true";

    public Location? Choose(string? ingressClass, string host, string path)
    {
        var paths = Paths(ingressClass, canary: false).ToList();
        var hostLower = host.ToLowerInvariant();
        var server = paths.Where(p => p.Host == hostLower).ToList();
        if (server.Count == 0) server = paths.Where(p => p.Host.StartsWith("*.", StringComparison.Ordinal) && OneLabelUnder(p.Host[2..], hostLower)).ToList();
        if (server.Count == 0) server = paths.Where(p => p.Host.Length == 0).ToList();
        return server
            .Select((p, order) => (p, order, match: Matches(p.Path, path)))
            .Where(x => x.match > 0)
            .OrderByDescending(x => x.match)
            .ThenByDescending(x => (Json.Str(x.p.Path, "path") ?? "/").Length)
            .ThenBy(x => x.order) // Ingresses come oldest first
            .Select(x => x.p)
            .FirstOrDefault();
    }

    /// <summary>The canary Ingress that ingress-nginx merges into the location (same class, host and path), if any.</summary>
    public Location? Canary(string? ingressClass, Location main) =>
        Paths(ingressClass, canary: true)
            .FirstOrDefault(c => c.Host == main.Host && (Json.Str(c.Path, "path") ?? "/") == (Json.Str(main.Path, "path") ?? "/"));

    private IEnumerable<Location> Paths(string? ingressClass, bool canary) =>
        from ingress in snap.Ingresses
        where Class(ingress) == ingressClass && IsCanary(ingress) == canary
        from rule in Json.Arr(ingress, "spec", "rules").OfType<JsonObject>()
        from p in Json.Arr(rule, "http", "paths").OfType<JsonObject>()
        select new Location(ingress, (Json.Str(rule, "host") ?? "").ToLowerInvariant(), p);

    /// <summary>2 for an Exact match, 1 for a prefix match, 0 for none.</summary>
    private static int Matches(JsonObject p, string requestPath)
    {
        var value = Json.Str(p, "path") ?? "/";
        switch (Json.Str(p, "pathType") ?? "ImplementationSpecific")
        {
            case "Exact":
                return requestPath == value ? 2 : 0;
            case "Prefix":
                var trimmed = value.TrimEnd('/');
                return trimmed.Length == 0 || requestPath == trimmed || requestPath.StartsWith(trimmed + "/", StringComparison.Ordinal) ? 1 : 0;
            default:
                return requestPath.StartsWith(value, StringComparison.Ordinal) ? 1 : 0;
        }
    }

    private static bool OneLabelUnder(string domain, string host) =>
        host.EndsWith("." + domain, StringComparison.Ordinal) && !host[..^(domain.Length + 1)].Contains('.') && host.Length > domain.Length + 1;
}
