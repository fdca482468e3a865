using System.Text.Json.Nodes;

namespace Graylane.Core.Planning.Istio;

/// <summary>
/// One condition of a --match: a header, cookie or query parameter compared exactly, by prefix or by regex
/// (Istio regexes match the whole value). Build rules with <see cref="MatchParser"/>, which validates them.
/// </summary>
public sealed record MatchRule(MatchKind Kind, string Name, MatchOperator Operator, string Value)
{
    /// <summary>
    /// The Istio HTTPMatchRequest for this rule alone: {"headers":{name:{exact|prefix|regex}}} or {"queryParams":…}.
    /// Cookies become a regex on the "cookie" header (see <see cref="CookieRegex"/>); query prefixes become a regex
    /// (Istio does not support prefix on query parameters).
    /// </summary>
    public JsonObject ToIstio() => IstioMatch.Entry([this]);

    /// <summary>The StringMatch for a header or query rule: {"exact": v}, {"prefix": v} or {"regex": r}.</summary>
    internal JsonObject StringMatch() => (Kind, Operator) switch
    {
        (MatchKind.Query, MatchOperator.Prefix) => new JsonObject { ["regex"] = IstioRegex.Escape(Value) + ".*" },
        (_, MatchOperator.Exact) => new JsonObject { ["exact"] = Value },
        (_, MatchOperator.Prefix) => new JsonObject { ["prefix"] = Value },
        _ => new JsonObject { ["regex"] = Value },
    };

    /// <summary>The rule as it is written on the command line, e.g. header:x-canary=true or cookie:user^=qa-.</summary>
    public override string ToString() =>
        $"{Kind.ToString().ToLowerInvariant()}:{Name}{Operator switch { MatchOperator.Exact => "=", MatchOperator.Prefix => "^=", _ => "~" }}{Value}";
}
