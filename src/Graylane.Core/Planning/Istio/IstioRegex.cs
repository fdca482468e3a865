using System.Text;
using System.Text.RegularExpressions;

namespace Graylane.Core.Planning.Istio;

/// <summary>
/// Regexes for Istio StringMatch. Envoy runs them with RE2 and matches the WHOLE value (as if wrapped in ^…$), so a
/// pattern must compile in .NET (where Graylane checks it) and mean the same in RE2: no lookarounds, backreferences,
/// atomic groups, conditionals, named groups, .NET-only escapes or options.
/// </summary>
public static partial class IstioRegex
{
    public const int MaxLength = 512;

    /// <summary>RE2 refuses repetition counts above 1000.</summary>
    private const int MaxRepeat = 1000;

    [GeneratedRegex(@"^\{(\d+)(?:,(\d*))?\}")]
    private static partial Regex Repetition();

    /// <summary>Null when the pattern is fine; otherwise what is wrong, in words a user can act on.</summary>
    public static string? Problem(string pattern)
    {
        if (pattern.Length == 0) return "is empty";
        if (pattern.Length > MaxLength) return $"is longer than {MaxLength} characters";
        try
        {
            _ = new Regex(pattern, RegexOptions.CultureInvariant, TimeSpan.FromMilliseconds(100));
        }
        catch (ArgumentException e)
        {
            return $"is not a valid regular expression ({e.Message})";
        }
        return Re2Problem(pattern);
    }

    /// <summary>Escapes a literal for RE2 and .NET alike (only metacharacters: both accept "\" before punctuation).</summary>
    public static string Escape(string literal)
    {
        var sb = new StringBuilder(literal.Length + 8);
        foreach (var c in literal)
        {
            if (@"\.+*?()|[]{}^$".Contains(c)) sb.Append('\\');
            sb.Append(c);
        }
        return sb.ToString();
    }

    private static string? Re2Problem(string p)
    {
        var inClass = false;
        var classStart = -1;
        for (var i = 0; i < p.Length; i++)
        {
            var c = p[i];
            var next = i + 1 < p.Length ? p[i + 1] : '\0';
            if (c == '\\')
            {
                if ((!inClass && next is >= '1' and <= '9') || next == 'k')
                    return "uses a backreference, which RE2 (Istio's regex engine) does not support";
                if (next is 'G' or 'Z')
                    return $"uses \\{next}, which RE2 (Istio's regex engine) does not support (use $ for the end)";
                if (next is 'p' or 'P' && p.AsSpan(i + 2).StartsWith("{Is", StringComparison.Ordinal))
                    return "uses a .NET Unicode block name (\\p{Is…}), which RE2 does not know";
                i++;
                continue;
            }
            if (inClass)
            {
                if (c == '[' && next == ':')
                    return "uses a POSIX class like [[:alpha:]], which .NET and RE2 read differently (write [a-zA-Z])";
                if (c == '-' && next == '[')
                    return "uses .NET character class subtraction, which RE2 does not support";
                if (c == ']' && i > classStart + 1 && !(i == classStart + 2 && p[classStart + 1] == '^'))
                    inClass = false;
                continue;
            }
            if (c == '[')
            {
                inClass = true;
                classStart = i;
                continue;
            }
            if (c == '(' && next == '?')
            {
                var rest = p.AsSpan(i + 2);
                if (rest.StartsWith("=") || rest.StartsWith("!") || rest.StartsWith("<=") || rest.StartsWith("<!"))
                    return "uses a lookaround ((?=…), (?!…), (?<=…), (?<!…)), which RE2 (Istio's regex engine) does not support";
                if (rest.StartsWith(">")) return "uses an atomic group (?>…), which RE2 does not support";
                if (rest.StartsWith("(")) return "uses a conditional (?(…)…), which RE2 does not support";
                if (rest.StartsWith("#")) return "uses a comment group (?#…), which RE2 does not support";
                if (rest.StartsWith("<") || rest.StartsWith("'") || rest.StartsWith("P"))
                    return "uses a named group, which is not needed for matching (use (…) or (?:…))";
                foreach (var f in rest)
                {
                    if (f is ':' or ')') break;
                    if (f is not ('i' or 'm' or 's' or '-'))
                        return $"uses the inline option '{f}', which RE2 does not support (only i, m and s)";
                }
                continue;
            }
            if (c == '{' && Repetition().Match(p[i..]) is { Success: true } m)
            {
                foreach (var g in new[] { m.Groups[1], m.Groups[2] })
                    if (g.Success && g.Length > 0 && (g.Length > 4 || int.Parse(g.Value, System.Globalization.CultureInfo.InvariantCulture) > MaxRepeat))
                        return $"repeats more than {MaxRepeat} times, which RE2 refuses";
            }
        }
        return null;
    }
}
