using System.Text;

namespace Graylane.Core.Planning.Istio;

/// <summary>
/// Istio has no cookie match, so cookie rules become a regex on the "cookie" header, the way Istio users write it.
/// One cookie rule gives
///   ^(.*?;\s*)?(NAME=VALUE)(;.*)?$
/// where VALUE is the escaped value (exact), the escaped value then [^;]* (prefix), or (?:REGEX) (regex). The leading
/// group skips earlier cookies, the trailing one later cookies; "; " and ";" separators both work.
/// A user regex is confined to one cookie value: a leading ^ and trailing $ are dropped (Istio regexes match the whole
/// value anyway), "." becomes [^;], \S \W \D become [^\s;] [^\w;] [^\d;], negated classes also exclude ';', and
/// anything else that could match ';' is refused — otherwise "user~.*admin" would match "user=bob; role=admin".
/// Several cookie rules in one --match (AND) cannot be written with lookaheads (RE2 has none), so the regex lists the
/// cookies in every order: ^(.*?;\s*)?(?:A;(.*?;)?\s*B|B;(.*?;)?\s*A)(;.*)?$ — at most 3 cookies (6 orders).
/// </summary>
public static class CookieRegex
{
    public const int MaxCookiesPerMatch = 3;

    /// <summary>The cookie-header regex that holds when every rule holds. Rules must be cookie rules.</summary>
    public static string Build(IReadOnlyList<MatchRule> cookies)
    {
        if (cookies.Count == 0 || cookies.Any(c => c.Kind != MatchKind.Cookie))
            throw new ArgumentException("cookie rules expected", nameof(cookies));
        var parts = cookies.Select(Part).ToList();
        if (parts.Count == 1) return $@"^(.*?;\s*)?({parts[0]})(;.*)?$";
        var orders = Permutations(parts).Select(order => string.Join(@";(.*?;)?\s*", order));
        return $@"^(.*?;\s*)?(?:{string.Join("|", orders)})(;.*)?$";
    }

    /// <summary>NAME=VALUE as a regex confined to one cookie.</summary>
    private static string Part(MatchRule rule) => IstioRegex.Escape(rule.Name) + "=" + rule.Operator switch
    {
        MatchOperator.Exact => IstioRegex.Escape(rule.Value),
        MatchOperator.Prefix => IstioRegex.Escape(rule.Value) + "[^;]*",
        _ => "(?:" + Confined(rule) + ")",
    };

    private static string Confined(MatchRule rule) =>
        Confine(rule.Value, out var confined) is { } problem
            ? throw new Validation.InvalidInputException("match", $"--match cookie regex \"{Validation.KubeNames.Printable(rule.Value)}\" {problem}")
            : confined;

    /// <summary>
    /// Rewrites a (valid, RE2-compatible) regex so it cannot match across a ';'. Returns null and the rewritten
    /// pattern, or the problem when it cannot be confined.
    /// </summary>
    public static string? Confine(string pattern, out string confined)
    {
        confined = "";
        var p = pattern;
        if (p.StartsWith('^')) p = p[1..];
        if (p.EndsWith('$') && !EndsEscaped(p)) p = p[..^1];
        var sb = new StringBuilder(p.Length + 16);
        for (var i = 0; i < p.Length; i++)
        {
            var c = p[i];
            var next = i + 1 < p.Length ? p[i + 1] : '\0';
            switch (c)
            {
                case '\\':
                    if (next is 'S' or 'W' or 'D') sb.Append(@"[^\").Append(char.ToLowerInvariant(next)).Append(";]");
                    else if (next is 'p' or 'P' or 'x' or 'u' or 'U' or 'c' or 'Q' or 'E' or ';' || next is >= '0' and <= '9')
                        return $"uses \\{next}, which could match ';' across cookies; write the characters out";
                    else sb.Append(c).Append(next);
                    i++;
                    break;
                case '.':
                    sb.Append("[^;]");
                    break;
                case '^' or '$':
                    return "uses ^ or $ inside; in a cookie regex they are only allowed at the very start and end";
                case ';':
                    return "contains ';', which a cookie value cannot contain";
                case '[':
                    var end = ClassEnd(p, i);
                    if (end < 0) return "has an unterminated character class";
                    var negated = i + 1 < p.Length && p[i + 1] == '^';
                    var body = p[(i + (negated ? 2 : 1))..end];
                    if (negated) sb.Append("[^").Append(body).Append(";]");
                    else if (ClassMayHoldSemicolon(body) is { } problem) return problem;
                    else sb.Append('[').Append(body).Append(']');
                    i = end;
                    break;
                default:
                    sb.Append(c);
                    break;
            }
        }
        confined = sb.ToString();
        return null;
    }

    private static bool EndsEscaped(string p)
    {
        var n = 0;
        for (var i = p.Length - 2; i >= 0 && p[i] == '\\'; i--) n++;
        return n % 2 == 1;
    }

    /// <summary>Index of the ']' closing the class opened at start (a leading ']' is a literal), or -1.</summary>
    private static int ClassEnd(string p, int start)
    {
        var i = start + 1;
        if (i < p.Length && p[i] == '^') i++;
        if (i < p.Length && p[i] == ']') i++;
        for (; i < p.Length; i++)
        {
            if (p[i] == '\\') { i++; continue; }
            if (p[i] == ']') return i;
        }
        return -1;
    }

    private static string? ClassMayHoldSemicolon(string body)
    {
        var items = new List<char>();
        for (var i = 0; i < body.Length; i++)
        {
            if (body[i] == '\\')
            {
                var e = i + 1 < body.Length ? body[i + 1] : '\0';
                if (e is 'S' or 'W' or 'D' or 'p' or 'P' or 'x' or 'u' or 'U' || e is >= '0' and <= '9')
                    return $"has \\{e} in a character class, which could match ';' across cookies; list the characters";
                items.Add(e is 'd' or 'w' or 's' ? '\0' : e); // \d \w \s never match ';'
                i++;
            }
            else if (body[i] == '-' && items.Count > 0 && i + 1 < body.Length)
            {
                var lo = items[^1];
                var hi = body[i + 1] == '\\' && i + 2 < body.Length ? body[i + 2] : body[i + 1];
                if (lo <= ';' && ';' <= hi)
                    return $"has the range {lo}-{hi}, which includes ';' (cookie values cannot contain it; split the range)";
                i += body[i + 1] == '\\' ? 2 : 1;
                items.Add(hi);
            }
            else items.Add(body[i]);
        }
        return items.Contains(';') ? "contains ';', which a cookie value cannot contain" : null;
    }

    private static IEnumerable<IReadOnlyList<string>> Permutations(IReadOnlyList<string> items)
    {
        if (items.Count <= 1)
        {
            yield return items;
            yield break;
        }
        for (var i = 0; i < items.Count; i++)
        {
            var rest = items.Where((_, j) => j != i).ToList();
            foreach (var tail in Permutations(rest))
                yield return new[] { items[i] }.Concat(tail).ToList();
        }
    }
}
