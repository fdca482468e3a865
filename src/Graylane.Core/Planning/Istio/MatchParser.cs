using System.Text.RegularExpressions;
using Graylane.Core.Validation;

namespace Graylane.Core.Planning.Istio;

/// <summary>
/// Reads one --match value: rules joined by ',' or '&amp;&amp;' (all must hold). A rule is kind:name=value (exact),
/// kind:name^=value (prefix) or kind:name~regex (regex; Istio matches the whole value), kind being header, cookie or
/// query. A separator only splits where another "kind:" follows, so regexes like a{1,3} keep their commas.
/// Header names are lower-cased (HTTP names are case-insensitive; Istio requires lower case). Values are trimmed.
/// </summary>
public static partial class MatchParser
{
    public const int MaxTextLength = 2048;
    public const int MaxRules = 8;
    public const int MaxNameLength = 128;
    public const int MaxValueLength = 512;

    private const string Examples =
        "write kind:name=value (exact), kind:name^=value (prefix) or kind:name~regex, kind being header, cookie or query; join rules that must all hold with ',' or '&&' and repeat --match for alternatives, e.g. --match \"header:x-canary=true\" --match \"query:name=xiaoming\" --match \"cookie:user^=qa-,header:x-env=staging\"";

    [GeneratedRegex(@"\s*(?:,|&&)\s*(?=[A-Za-z]+\s*:)")]
    private static partial Regex Separator();

    public static IReadOnlyList<MatchRule> Parse(string text)
    {
        if (string.IsNullOrWhiteSpace(text)) throw Error(text ?? "", "is empty");
        if (text.Length > MaxTextLength) throw Error(text, $"is longer than {MaxTextLength} characters");
        if (HttpTokens.HasControl(text)) throw Error(text, "contains a control character (such as a newline)");
        var parts = Separator().Split(text.Trim());
        if (parts.Length > MaxRules) throw Error(text, $"has more than {MaxRules} rules");
        return parts.Select(p => ParseRule(text, p.Trim())).ToList();
    }

    private static MatchRule ParseRule(string text, string part)
    {
        var colon = part.IndexOf(':');
        if (colon <= 0) throw Error(text, $"has a rule \"{part}\" without a kind");
        var kind = part[..colon].Trim().ToLowerInvariant() switch
        {
            "header" => MatchKind.Header,
            "cookie" => MatchKind.Cookie,
            "query" => MatchKind.Query,
            var other => throw Error(text, $"has an unknown kind \"{other}\" (header, cookie or query)"),
        };
        var rest = part[(colon + 1)..];
        var at = rest.IndexOfAny(['=', '~']);
        if (at < 0) throw Error(text, $"has a rule \"{part}\" without =, ^= or ~");
        var op = rest[at] == '~' ? MatchOperator.Regex : at > 0 && rest[at - 1] == '^' ? MatchOperator.Prefix : MatchOperator.Exact;
        var name = rest[..(op == MatchOperator.Prefix ? at - 1 : at)].Trim();
        var value = rest[(at + 1)..].Trim();
        if (kind == MatchKind.Header) name = name.ToLowerInvariant();
        CheckName(text, kind, name);
        CheckValue(text, kind, op, name, value);
        return new MatchRule(kind, name, op, value);
    }

    private static void CheckName(string text, MatchKind kind, string name)
    {
        var what = kind.ToString().ToLowerInvariant();
        if (name.Length == 0) throw Error(text, $"has a {what} rule without a name");
        if (name.Length > MaxNameLength) throw Error(text, $"has a {what} name longer than {MaxNameLength} characters");
        switch (kind)
        {
            case MatchKind.Header when name.StartsWith(':'):
                throw Error(text, $"tests the pseudo-header {name}; only ordinary headers can be matched (choose hosts with --host and paths on the route itself)");
            case MatchKind.Header when name == "cookie":
                throw Error(text, "tests the cookie header; use cookie:NAME=value rules instead");
            case MatchKind.Header or MatchKind.Cookie when !HttpTokens.IsToken(name):
                throw Error(text, $"has the {what} name \"{KubeNames.Printable(name)}\", which is not an HTTP token (letters, digits and !#$%&'*+-.^_`|~)");
            case MatchKind.Query when name.Any(c => char.IsWhiteSpace(c) || c is '&' or '#' or '?'):
                throw Error(text, $"has the query parameter name \"{KubeNames.Printable(name)}\" with a space, '&', '#' or '?'");
        }
    }

    private static void CheckValue(string text, MatchKind kind, MatchOperator op, string name, string value)
    {
        if (value.Length == 0)
            throw Error(text, $"has no value for {name} (to match any value use a regex, e.g. {kind.ToString().ToLowerInvariant()}:{name}~.+)");
        if (value.Length > MaxValueLength) throw Error(text, $"has a value longer than {MaxValueLength} characters");
        if (op == MatchOperator.Regex)
        {
            if (IstioRegex.Problem(value) is { } problem) throw Error(text, $"has the regex \"{KubeNames.Printable(value)}\", which {problem}");
            if (kind == MatchKind.Cookie && CookieRegex.Confine(value, out _) is { } cookieProblem)
                throw Error(text, $"has the cookie regex \"{KubeNames.Printable(value)}\", which {cookieProblem}");
        }
        else if (kind == MatchKind.Cookie && !HttpTokens.IsCookieValue(value))
            throw Error(text, $"has the cookie value \"{KubeNames.Printable(value)}\", which holds a space, '\"', ',', ';' or '\\' (not allowed in cookie values)");
    }

    private static InvalidInputException Error(string text, string problem) =>
        new("match", $"--match \"{KubeNames.Printable(text)}\" {problem}; {Examples}");
}
