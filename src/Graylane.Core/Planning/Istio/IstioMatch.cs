using System.Text.Json.Nodes;
using Graylane.Core.Json;
using Graylane.Core.Validation;

namespace Graylane.Core.Planning.Istio;

/// <summary>
/// Turns --match rules into Istio HTTPMatchRequest entries. Inside one entry every condition must hold (AND);
/// entries of one route's match list are alternatives (OR). So the rules of one --match become one entry, and
/// each repeated --match another entry.
/// </summary>
public static class IstioMatch
{
    /// <summary>One entry from the rules of one --match (all must hold).</summary>
    public static JsonObject Entry(IReadOnlyList<MatchRule> rules)
    {
        if (rules.Count == 0) throw new ArgumentException("a --match needs at least one rule", nameof(rules));
        var shown = string.Join(",", rules);
        var entry = new JsonObject();
        foreach (var rule in rules.Where(r => r.Kind != MatchKind.Cookie))
        {
            var section = rule.Kind == MatchKind.Header ? "headers" : "queryParams";
            var map = Obj.Child(entry, section);
            if (map.ContainsKey(rule.Name))
                throw Error(shown, $"tests {(rule.Kind == MatchKind.Header ? "header" : "query parameter")} {rule.Name} twice; one condition per name (use a regex for alternatives, e.g. header:{rule.Name}~a|b)");
            map[rule.Name] = rule.StringMatch();
        }
        var cookies = rules.Where(r => r.Kind == MatchKind.Cookie).ToList();
        if (cookies.Count > 0)
        {
            if (entry["headers"] is JsonObject h && h.ContainsKey("cookie"))
                throw Error(shown, "tests the cookie header and a cookie rule together; use cookie:NAME rules only");
            if (cookies.Count > CookieRegex.MaxCookiesPerMatch)
                throw Error(shown, $"tests more than {CookieRegex.MaxCookiesPerMatch} cookies at once, which one cookie-header regex cannot express readably");
            if (cookies.Select(c => c.Name).Distinct(StringComparer.Ordinal).Count() < cookies.Count)
                throw Error(shown, "tests one cookie twice; one condition per cookie (use a regex for alternatives)");
            Obj.Child(entry, "headers")["cookie"] = new JsonObject { ["regex"] = CookieRegex.Build(cookies) };
        }
        return entry;
    }

    /// <summary>One entry per --match (any may hold).</summary>
    public static JsonArray Entries(IReadOnlyList<IReadOnlyList<MatchRule>> matches) => new(matches.Select(m => (JsonNode)Entry(m)).ToArray());

    /// <summary>
    /// The entry that holds when both hold: the route's own entry (uri, method, gateways… kept) plus the user's headers
    /// and query parameters. A name tested by both with different conditions cannot be expressed in one entry.
    /// </summary>
    public static JsonObject And(JsonObject routeEntry, JsonObject userEntry, string routeName)
    {
        var combined = (JsonObject)routeEntry.DeepClone();
        foreach (var section in new[] { "headers", "queryParams" })
        {
            if (userEntry[section] is not JsonObject user) continue;
            var target = Obj.Child(combined, section);
            foreach (var (name, condition) in user)
            {
                if (target[name] is { } existing)
                {
                    if (JsonNode.DeepEquals(existing, condition)) continue;
                    throw new InvalidInputException("match",
                        $"--match tests {(section == "headers" ? "header" : "query parameter")} {name}, which route {routeName} already tests with {existing.ToJsonString()}; one Istio match entry cannot hold both conditions — match on another name, or choose another route with --route");
                }
                target[name] = condition!.DeepClone();
            }
        }
        return combined;
    }

    private static InvalidInputException Error(string shown, string problem) =>
        new("match", $"--match \"{KubeNames.Printable(shown)}\" {problem}");
}
