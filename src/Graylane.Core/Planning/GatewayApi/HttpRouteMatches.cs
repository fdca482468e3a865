using System.Text.Json.Nodes;
using Graylane.Core.Json;
using Graylane.Core.Planning.Istio;
using Graylane.Core.Validation;

namespace Graylane.Core.Planning.GatewayApi;

/// <summary>
/// --match rules as HTTPRouteMatch conditions. Headers and query parameters compare Exact or by RegularExpression; a
/// prefix becomes the escaped prefix followed by ".*"; a cookie becomes a RegularExpression on the cookie header (as for
/// Istio, see <see cref="CookieRegex"/>). Regexes are anchored (^…$) so every implementation matches the whole value,
/// whatever its dialect's default. A --match is ANDed with each of the managed rule's own matches.
/// </summary>
public static class HttpRouteMatches
{
    public const int MaxConditions = 16;

    private static readonly JsonObject DefaultEntry = new() { ["path"] = new JsonObject { ["type"] = "PathPrefix", ["value"] = "/" } };

    /// <summary>The rule's matches, or the API's default (PathPrefix "/") when it has none.</summary>
    public static IReadOnlyList<JsonObject> Entries(JsonObject rule)
    {
        var own = Obj.Objects(rule["matches"]).ToList();
        return own.Count > 0 ? own : [DefaultEntry];
    }

    /// <summary>The rule's entry with the user's conditions added (both must hold).</summary>
    public static JsonObject And(JsonObject ruleEntry, IReadOnlyList<MatchRule> rules, string ruleName)
    {
        var shown = string.Join(",", rules);
        var combined = Obj.Clone(ruleEntry);
        foreach (var (section, condition) in Conditions(rules))
        {
            var list = combined[section] as JsonArray ?? new JsonArray();
            combined[section] = list;
            var name = (string)condition["name"]!;
            var comparer = section == "headers" ? StringComparer.OrdinalIgnoreCase : StringComparer.Ordinal;
            if (list.OfType<JsonObject>().FirstOrDefault(c => comparer.Equals((string?)c["name"], name)) is { } existing)
            {
                if (Same(existing, condition)) continue;
                throw new InvalidInputException("match",
                    $"--match \"{KubeNames.Printable(shown)}\" tests {(section == "headers" ? "header" : "query parameter")} {name}, which rule {ruleName} already tests with {existing.ToJsonString()}; " +
                    "one HTTPRoute match cannot hold two conditions on one name — match on another name, or choose another rule with --rule");
            }
            if (list.Count >= MaxConditions)
                throw new InvalidInputException("match", $"--match \"{KubeNames.Printable(shown)}\" with rule {ruleName}'s own conditions tests more than {MaxConditions} {(section == "headers" ? "headers" : "query parameters")}, the HTTPRoute limit");
            list.Add((JsonNode)condition);
        }
        return combined;
    }

    /// <summary>(section, condition) for each rule: "headers" or "queryParams" and {name, type, value}.</summary>
    public static IReadOnlyList<(string Section, JsonObject Condition)> Conditions(IReadOnlyList<MatchRule> rules)
    {
        var result = new List<(string, JsonObject)>();
        foreach (var rule in rules.Where(r => r.Kind != MatchKind.Cookie))
        {
            var (type, value) = rule.Operator switch
            {
                MatchOperator.Exact => ("Exact", rule.Value),
                MatchOperator.Prefix => ("RegularExpression", $"^{IstioRegex.Escape(rule.Value)}.*$"),
                _ => ("RegularExpression", Anchored(rule.Value)),
            };
            result.Add((rule.Kind == MatchKind.Header ? "headers" : "queryParams", new JsonObject { ["name"] = rule.Name, ["type"] = type, ["value"] = value }));
        }
        var cookies = rules.Where(r => r.Kind == MatchKind.Cookie).ToList();
        if (cookies.Count > 0)
        {
            if (cookies.Count > CookieRegex.MaxCookiesPerMatch)
                throw new InvalidInputException("match", $"--match \"{KubeNames.Printable(string.Join(",", rules))}\" tests more than {CookieRegex.MaxCookiesPerMatch} cookies at once, which one cookie-header regex cannot express readably");
            if (cookies.Select(c => c.Name).Distinct(StringComparer.Ordinal).Count() < cookies.Count)
                throw new InvalidInputException("match", $"--match \"{KubeNames.Printable(string.Join(",", rules))}\" tests one cookie twice; one condition per cookie (use a regex for alternatives)");
            result.Add(("headers", new JsonObject { ["name"] = "cookie", ["type"] = "RegularExpression", ["value"] = CookieRegex.Build(cookies) }));
        }
        var names = result.Where(r => r.Item1 == "headers").Select(r => ((string)r.Item2["name"]!).ToLowerInvariant()).ToList();
        if (names.Distinct().Count() < names.Count)
            throw new InvalidInputException("match", $"--match \"{KubeNames.Printable(string.Join(",", rules))}\" tests one header twice; one condition per header (use a regex for alternatives)");
        var queries = result.Where(r => r.Item1 == "queryParams").Select(r => (string)r.Item2["name"]!).ToList();
        if (queries.Distinct(StringComparer.Ordinal).Count() < queries.Count)
            throw new InvalidInputException("match", $"--match \"{KubeNames.Printable(string.Join(",", rules))}\" tests one query parameter twice; one condition per parameter (use a regex for alternatives)");
        return result;
    }

    /// <summary>The regex as a whole-value match: kept when already ^…$, else ^(?:…)$.</summary>
    public static string Anchored(string regex) =>
        regex.StartsWith('^') && regex.EndsWith('$') && !regex.EndsWith("\\$", StringComparison.Ordinal) ? regex : $"^(?:{regex})$";

    private static bool Same(JsonObject a, JsonObject b) =>
        ((string?)a["type"] ?? "Exact") == ((string?)b["type"] ?? "Exact") && (string?)a["value"] == (string?)b["value"];
}
