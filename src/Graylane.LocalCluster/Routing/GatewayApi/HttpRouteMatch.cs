using System.Text.Json.Nodes;

namespace Graylane.LocalCluster.Routing;

/// <summary>
/// One HTTPRouteMatch of a Gateway API HTTPRoute rule: path (Exact, PathPrefix, RegularExpression), method, headers and
/// query parameters (Exact or RegularExpression), all of which must hold. A rule without matches has the API's default,
/// a PathPrefix "/" match.
/// </summary>
internal static class HttpRouteMatch
{
    private static readonly JsonObject DefaultMatch = new() { ["path"] = new JsonObject { ["type"] = "PathPrefix", ["value"] = "/" } };

    /// <summary>The rule's matches, or the default one.</summary>
    public static IReadOnlyList<JsonObject> Entries(JsonObject rule)
    {
        var entries = Json.Arr(rule, "matches").OfType<JsonObject>().ToList();
        return entries.Count > 0 ? entries : [DefaultMatch];
    }

    public static bool Matches(JsonObject entry, RequestState r)
    {
        if (Json.Obj(entry, "path") is { } path && !PathMatches(Json.Str(path, "type") ?? "PathPrefix", Json.Str(path, "value") ?? "/", r.Path)) return false;
        if (Json.Str(entry, "method") is { } method && !string.Equals(method, r.Method, StringComparison.Ordinal)) return false;
        foreach (var h in Json.Arr(entry, "headers"))
            if (!ValueMatches(h, r.Headers.GetValueOrDefault(Json.Str(h, "name") ?? ""))) return false;
        foreach (var q in Json.Arr(entry, "queryParams"))
            if (!ValueMatches(q, r.Query.GetValueOrDefault(Json.Str(q, "name") ?? ""))) return false;
        return true;
    }

    /// <summary>
    /// PathPrefix matches whole path elements ("/abc" matches "/abc", "/abc/" and "/abc/def", not "/abcd"; a trailing
    /// slash in the prefix is ignored); Exact compares the whole path; RegularExpression must match the whole path.
    /// </summary>
    public static bool PathMatches(string type, string value, string path) => type switch
    {
        "Exact" => path == value,
        "RegularExpression" => StringMatch.Matches(new JsonObject { ["regex"] = value }, path),
        _ => PrefixMatches(value, path),
    };

    private static bool PrefixMatches(string prefix, string path)
    {
        var p = prefix.TrimEnd('/');
        if (p.Length == 0) return true;
        return path == p || path.StartsWith(p + "/", StringComparison.Ordinal);
    }

    /// <summary>An absent header or parameter never matches; Exact compares case-sensitively; a regex matches the whole value.</summary>
    private static bool ValueMatches(JsonNode condition, string? value)
    {
        if (value is null) return false;
        var expected = Json.Str(condition, "value") ?? "";
        return Json.Str(condition, "type") == "RegularExpression"
            ? StringMatch.Matches(new JsonObject { ["regex"] = expected }, value)
            : value == expected;
    }

    /// <summary>
    /// The spec's precedence of a match, highest first when compared descending: an Exact path, then the longest
    /// PathPrefix (RegularExpression paths rank below prefixes: their precedence is implementation-specific), then a
    /// method, then the most header matches, then the most query parameter matches.
    /// </summary>
    public static (int PathKind, int PathLength, int Method, int Headers, int Query) Precedence(JsonObject entry)
    {
        var path = Json.Obj(entry, "path");
        var type = Json.Str(path, "type") ?? "PathPrefix";
        var value = Json.Str(path, "value") ?? "/";
        var kind = path is null ? 1 : type switch { "Exact" => 2, "PathPrefix" => 1, _ => 0 };
        return (kind, kind == 0 ? 0 : value.Length, Json.Str(entry, "method") is null ? 0 : 1,
            Json.Arr(entry, "headers").Count(), Json.Arr(entry, "queryParams").Count());
    }
}
