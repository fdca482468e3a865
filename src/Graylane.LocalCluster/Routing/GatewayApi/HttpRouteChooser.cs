using System.Text.Json.Nodes;

namespace Graylane.LocalCluster.Routing;

/// <summary>
/// Which HTTPRoute rule of the routes attached to a Gateway API Gateway serves a request, as the spec orders them:
/// the listener must accept the host and the route's namespace; among the routes whose hostnames match, those with the
/// most specific matching hostname; then across all their rules the match with the highest precedence (Exact path,
/// longest prefix, method, most headers, most query parameters); then the oldest route, then "namespace/name"
/// alphabetically, then the first matching rule in list order.
/// </summary>
internal sealed class HttpRouteChooser(ClusterSnapshot snap)
{
    public const string Group = "gateway.networking.k8s.io";

    public JsonObject? Gateway(string qualified) =>
        snap.ApiGateways.FirstOrDefault(g => $"{Json.Namespace(g)}/{Json.Name(g)}" == qualified);

    /// <summary>The route and rule serving the request, or a failure saying why none does (a gateway's 404).</summary>
    public (JsonObject Route, JsonObject Rule) Choose(JsonObject gateway, RequestState request, string host)
    {
        var qualified = $"{Json.Namespace(gateway)}/{Json.Name(gateway)}";
        var listeners = Json.Arr(gateway, "spec", "listeners").OfType<JsonObject>()
            .Where(l => Json.Str(l, "protocol") is "HTTP" or "HTTPS")
            .Where(l => Json.Str(l, "hostname") is not { } h || HostNames.Specificity(h, host) >= 0)
            .ToList();
        if (listeners.Count == 0) throw new RoutingFailure(qualified, $"404 Gateway {qualified} has no HTTP listener for host {host}");

        var candidates = new List<Candidate>();
        foreach (var route in snap.HttpRoutes)
        {
            if (!AttachedTo(route, gateway, listeners, out var listenerHosts)) continue;
            var hostScore = HostScore(route, host, listenerHosts);
            if (hostScore is null) continue;
            var rules = Json.Arr(route, "spec", "rules").OfType<JsonObject>().ToList();
            for (var r = 0; r < rules.Count; r++)
            {
                var entries = HttpRouteMatch.Entries(rules[r]);
                for (var m = 0; m < entries.Count; m++)
                    if (HttpRouteMatch.Matches(entries[m], request))
                        candidates.Add(new Candidate(route, rules[r], r, m, hostScore.Value, HttpRouteMatch.Precedence(entries[m])));
            }
        }
        if (candidates.Count == 0)
            throw new RoutingFailure(qualified, $"404 no HTTPRoute rule on Gateway {qualified} matches {host}{request.Path}");
        var best = candidates
            .OrderByDescending(c => c.Host.NonWildcard).ThenByDescending(c => c.Host.Length)
            .ThenByDescending(c => c.Precedence)
            .ThenBy(c => Json.Str(c.Route, "metadata", "creationTimestamp") ?? "", StringComparer.Ordinal)
            .ThenBy(c => $"{Json.Namespace(c.Route)}/{Json.Name(c.Route)}", StringComparer.Ordinal)
            .ThenBy(c => c.RuleIndex).ThenBy(c => c.MatchIndex)
            .First();
        return (best.Route, best.Rule);
    }

    private sealed record Candidate(JsonObject Route, JsonObject Rule, int RuleIndex, int MatchIndex, (int NonWildcard, int Length) Host,
        (int, int, int, int, int) Precedence);

    /// <summary>
    /// A parentRef names the Gateway (group and kind default to the Gateway's, namespace to the route's), optionally one
    /// listener by sectionName or port, and that listener allows routes from the route's namespace.
    /// </summary>
    private bool AttachedTo(JsonObject route, JsonObject gateway, IReadOnlyList<JsonObject> listeners, out List<string?> listenerHosts)
    {
        listenerHosts = [];
        var routeNs = Json.Namespace(route);
        foreach (var parent in Json.Arr(route, "spec", "parentRefs").OfType<JsonObject>())
        {
            if ((Json.Str(parent, "group") ?? Group) != Group || (Json.Str(parent, "kind") ?? "Gateway") != "Gateway") continue;
            if ((Json.Str(parent, "namespace") ?? routeNs) != Json.Namespace(gateway) || Json.Str(parent, "name") != Json.Name(gateway)) continue;
            var section = Json.Str(parent, "sectionName");
            var port = Json.Num(parent, "port");
            foreach (var l in listeners)
            {
                if (section is not null && Json.Str(l, "name") != section) continue;
                if (port is not null && Json.Num(l, "port") != port) continue;
                if (AllowsNamespace(l, Json.Namespace(gateway), routeNs) && AllowsKind(l)) listenerHosts.Add(Json.Str(l, "hostname"));
            }
        }
        return listenerHosts.Count > 0;
    }

    private bool AllowsNamespace(JsonObject listener, string gatewayNs, string routeNs)
    {
        var from = Json.Str(listener, "allowedRoutes", "namespaces", "from") ?? "Same";
        return from switch
        {
            "All" => true,
            "Selector" => SelectorMatches(Json.Obj(listener, "allowedRoutes", "namespaces", "selector"), routeNs),
            _ => routeNs == gatewayNs,
        };
    }

    private bool SelectorMatches(JsonObject? selector, string ns)
    {
        var labels = snap.Namespaces.FirstOrDefault(n => Json.Name(n) == ns) is { } found ? Json.Map(found, "metadata", "labels") : [];
        labels.TryAdd("kubernetes.io/metadata.name", ns);
        foreach (var (k, v) in Json.Map(selector, "matchLabels"))
            if (labels.GetValueOrDefault(k) != v) return false;
        foreach (var e in Json.Arr(selector, "matchExpressions"))
        {
            var key = Json.Str(e, "key") ?? "";
            var values = Json.Arr(e, "values").Select(x => Json.Str(x)).OfType<string>().ToHashSet();
            var has = labels.TryGetValue(key, out var value);
            var holds = Json.Str(e, "operator") switch
            {
                "In" => has && values.Contains(value!),
                "NotIn" => !has || !values.Contains(value!),
                "Exists" => has,
                "DoesNotExist" => !has,
                _ => false,
            };
            if (!holds) return false;
        }
        return true;
    }

    private static bool AllowsKind(JsonObject listener)
    {
        var kinds = Json.Arr(listener, "allowedRoutes", "kinds").ToList();
        return kinds.Count == 0 || kinds.Any(k => Json.Str(k, "kind") == "HTTPRoute" && (Json.Str(k, "group") ?? Group) == Group);
    }

    /// <summary>
    /// How specifically the route's hostnames (else its listeners') match the host: (characters of a matching
    /// non-wildcard hostname, characters of a matching hostname); null when none matches.
    /// </summary>
    private static (int NonWildcard, int Length)? HostScore(JsonObject route, string host, IReadOnlyList<string?> listenerHosts)
    {
        var own = Json.Arr(route, "spec", "hostnames").Select(h => Json.Str(h)).OfType<string>().ToList();
        var names = own.Count > 0 ? own : listenerHosts.OfType<string>().ToList();
        if (names.Count == 0) return (0, 0);
        var matching = names.Where(n => HostNames.Specificity(n, host) >= 0).ToList();
        if (matching.Count == 0) return null;
        return (matching.Where(n => !n.StartsWith('*')).Select(n => n.Length).DefaultIfEmpty(0).Max(), matching.Max(n => n.Length));
    }
}
