using System.Text.Json.Nodes;

namespace Graylane.LocalCluster.Routing;

/// <summary>Istio HTTPRoute.match: entries are ORed; the conditions inside one entry are ANDed.</summary>
internal static class HttpMatch
{
    /// <summary>A route with no match list (or an empty one) matches everything.</summary>
    public static bool RouteMatches(JsonObject route, RequestState request, string vsNamespace)
    {
        var entries = Json.Arr(route, "match").OfType<JsonObject>().ToList();
        return entries.Count == 0 || entries.Any(m => EntryMatches(m, request, vsNamespace));
    }

    private static bool EntryMatches(JsonObject m, RequestState r, string vsNamespace)
    {
        var ignoreUriCase = m["ignoreUriCase"]?.GetValueKind() == System.Text.Json.JsonValueKind.True;
        if (m["uri"] is { } uri && !StringMatch.Matches(uri, r.Path, ignoreUriCase)) return false;
        if (m["method"] is { } method && !StringMatch.Matches(method, r.Method)) return false;
        if (m["authority"] is { } authority && !StringMatch.Matches(authority, r.Authority, ignoreCase: true)) return false;

        // Header names are case-insensitive (Istio requires lowercase keys; HTTP/2 lowercases them anyway).
        if (Json.Obj(m, "headers") is { } headers)
            foreach (var (name, spec) in headers)
                if (!StringMatch.Matches(spec, r.Headers.GetValueOrDefault(name))) return false;
        if (Json.Obj(m, "withoutHeaders") is { } without)
            foreach (var (name, spec) in without)
                if (StringMatch.Matches(spec, r.Headers.GetValueOrDefault(name))) return false;
        if (Json.Obj(m, "queryParams") is { } query)
            foreach (var (name, spec) in query)
                if (!StringMatch.Matches(spec, r.Query.GetValueOrDefault(name))) return false;

        // sourceLabels/sourceNamespace describe the calling workload (the gateway's pods at ingress).
        foreach (var (k, v) in Json.Map(m, "sourceLabels"))
            if (r.SourceLabels.GetValueOrDefault(k) != v) return false;
        if (Json.Str(m, "sourceNamespace") is { } sourceNs && sourceNs != r.SourceNamespace) return false;

        // Per-match gateways narrow the VirtualService's own gateways ("mesh" = sidecars).
        var gateways = Json.Arr(m, "gateways").Select(g => Json.Str(g)).OfType<string>().ToList();
        if (gateways.Count > 0 && !gateways.Any(g => Gateways.Names(g, vsNamespace, r.Gateway))) return false;
        return true;
    }
}
