using System.Text.Json.Nodes;
using Graylane.Core.Json;

namespace Graylane.Core.Planning.GatewayApi;

/// <summary>
/// The Gateway API's order between matches of rules that apply to the same request (HTTPRouteRule docs): an Exact path,
/// then the PathPrefix with the most characters, then a method, then the most header matches, then the most query
/// parameter matches (RegularExpression paths rank below prefixes here: their precedence is implementation-specific).
/// Ties go to the oldest route, then "namespace/name" alphabetically, then the first rule in list order.
/// </summary>
public readonly record struct MatchPrecedence(int PathKind, int PathLength, int Method, int Headers, int Query) : IComparable<MatchPrecedence>
{
    public static MatchPrecedence Of(JsonObject entry)
    {
        var (type, value) = Path(entry);
        var kind = type switch { "Exact" => 2, "PathPrefix" => 1, _ => 0 };
        return new(kind, kind == 0 ? 0 : value.Length, entry["method"] is null ? 0 : 1,
            Obj.Objects(entry["headers"]).Count(), Obj.Objects(entry["queryParams"]).Count());
    }

    public int CompareTo(MatchPrecedence other) =>
        (PathKind, PathLength, Method, Headers, Query).CompareTo((other.PathKind, other.PathLength, other.Method, other.Headers, other.Query));

    public static bool operator >(MatchPrecedence a, MatchPrecedence b) => a.CompareTo(b) > 0;
    public static bool operator <(MatchPrecedence a, MatchPrecedence b) => a.CompareTo(b) < 0;
    public static bool operator >=(MatchPrecedence a, MatchPrecedence b) => a.CompareTo(b) >= 0;
    public static bool operator <=(MatchPrecedence a, MatchPrecedence b) => a.CompareTo(b) <= 0;

    /// <summary>
    /// False only when no request can satisfy both matches: different Exact paths, paths outside each other's prefix,
    /// different methods, or one header (query parameter) required with two different exact values. Regexes may overlap.
    /// </summary>
    public static bool MayOverlap(JsonObject a, JsonObject b)
    {
        var (ta, va) = Path(a);
        var (tb, vb) = Path(b);
        if (ta != "RegularExpression" && tb != "RegularExpression")
        {
            var overlap = (ta, tb) switch
            {
                ("Exact", "Exact") => va == vb,
                ("Exact", _) => UnderPrefix(vb, va),
                (_, "Exact") => UnderPrefix(va, vb),
                _ => UnderPrefix(va, vb) || UnderPrefix(vb, va),
            };
            if (!overlap) return false;
        }
        if ((string?)a["method"] is { } ma && (string?)b["method"] is { } mb && ma != mb) return false;
        return Compatible(a["headers"], b["headers"], StringComparer.OrdinalIgnoreCase) && Compatible(a["queryParams"], b["queryParams"], StringComparer.Ordinal);
    }

    private static bool Compatible(JsonNode? a, JsonNode? b, StringComparer names)
    {
        foreach (var x in Obj.Objects(a))
            foreach (var y in Obj.Objects(b))
                if (names.Equals((string?)x["name"], (string?)y["name"]) && Exact(x) && Exact(y) && (string?)x["value"] != (string?)y["value"])
                    return false;
        return true;
    }

    private static bool Exact(JsonObject condition) => ((string?)condition["type"] ?? "Exact") == "Exact";

    private static (string Type, string Value) Path(JsonObject entry) =>
        entry["path"] is JsonObject p ? ((string?)p["type"] ?? "PathPrefix", (string?)p["value"] ?? "/") : ("PathPrefix", "/");

    /// <summary>True when path lies under prefix, comparing whole path elements ("/a" covers "/a" and "/a/b", not "/ab").</summary>
    private static bool UnderPrefix(string prefix, string path)
    {
        var p = prefix.TrimEnd('/');
        var q = path.TrimEnd('/');
        return p.Length == 0 || q == p || q.StartsWith(p + "/", StringComparison.Ordinal);
    }
}
