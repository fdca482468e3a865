using System.Collections.Concurrent;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;

namespace Graylane.LocalCluster.Routing;

/// <summary>Istio StringMatch: one of exact, prefix, regex (RE2, matched against the whole value as Envoy does).</summary>
internal static class StringMatch
{
    private static readonly ConcurrentDictionary<(string, bool), Regex> Cache = new();

    /// <summary>
    /// value null = absent, which never matches. An empty StringMatch ({} or null) checks presence only,
    /// as Istio documents for header matches.
    /// </summary>
    public static bool Matches(JsonNode? spec, string? value, bool ignoreCase = false)
    {
        if (value is null) return false;
        var cmp = ignoreCase ? StringComparison.OrdinalIgnoreCase : StringComparison.Ordinal;
        if (Json.Str(spec, "exact") is { } exact) return string.Equals(value, exact, cmp);
        if (Json.Str(spec, "prefix") is { } prefix) return value.StartsWith(prefix, cmp);
        if (Json.Str(spec, "regex") is { } regex) return Compile(regex, ignoreCase).IsMatch(value);
        return true;
    }

    private static Regex Compile(string pattern, bool ignoreCase) =>
        Cache.GetOrAdd((pattern, ignoreCase), key =>
        {
            var options = RegexOptions.CultureInvariant | (key.Item2 ? RegexOptions.IgnoreCase : RegexOptions.None);
            try
            {
                // RE2 syntax is close to .NET's; full-match anchoring is what Envoy's safe_regex does.
                return new Regex($@"^(?:{key.Item1})\z", options, TimeSpan.FromSeconds(1));
            }
            catch (ArgumentException e)
            {
                throw new RoutingFailure(null, $"invalid regex \"{key.Item1}\": {e.Message}");
            }
        });
}
