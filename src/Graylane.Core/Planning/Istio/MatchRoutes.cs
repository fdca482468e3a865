using System.Text.Json.Nodes;

namespace Graylane.Core.Planning.Istio;

/// <summary>
/// Graylane's match routes for one managed route. Each copies the managed route (retries, timeout, rewrite, fault,
/// headers… so gray traffic is treated as the route treats it) except name, match, destinations and mirror, and
/// matches (the managed route's own entry AND the user's --match) for every own entry — a cross product when both
/// have several. Put immediately before the managed route, a match route can only catch requests that reach the
/// managed route and that it would have matched: everything earlier routes serve still goes where it went.
/// </summary>
internal static class MatchRoutes
{
    private static readonly HashSet<string> NotCopied =
        ["name", "match", "route", "mirror", "mirrors", "mirrorPercentage", "mirrorPercent", "mirror_percent"];

    public static IReadOnlyList<JsonObject> Build(JsonObject managed, string managedName, JsonObject? template,
        IstioTarget target, IstioShift shift, string? ns)
    {
        var own = Json.Obj.Objects(managed["match"]).ToList();
        var routes = new List<JsonObject>();
        for (var i = 0; i < shift.Matches.Count; i++)
        {
            var user = IstioMatch.Entry(shift.Matches[i]);
            var entries = own.Count == 0 ? [user] : own.Select(m => IstioMatch.And(m, user, managedName)).ToList();
            var route = new JsonObject
            {
                ["name"] = GraylaneRoutes.MatchRouteName(shift.App, i + 1),
                ["match"] = new JsonArray(entries.Select(e => (JsonNode)e).ToArray()),
            };
            foreach (var (key, value) in managed)
                if (!NotCopied.Contains(key)) route[key] = value?.DeepClone();
            route["route"] = new JsonArray(RouteDestinations.EntryFor(template, target.Gray, ns, null, null));
            if (shift.Headers.Count > 0) RouteDestinations.SetRequestHeaders(route, shift.Headers);
            routes.Add(route);
        }
        return routes;
    }
}
