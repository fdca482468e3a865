using System.Collections.Concurrent;
using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;

namespace Graylane.LocalCluster.Validation.Cel.Runtime;

/// <summary>
/// RE2 patterns (what Go's regexp and so CEL's matches() accept) run on .NET Regex. The syntaxes differ, so a
/// pattern is translated: $ is end of text only (\z), \d \w \s are ASCII-only, (?P&lt;name&gt;…) is a named group,
/// \Q…\E quotes, [[:alpha:]] classes, \pL and \x{…}. What RE2 refuses (backreferences, lookaround, atomic groups,
/// \Z) is refused here too, so a rule that a real server would reject does not pass.
/// Not translated: \b uses .NET's Unicode word characters; . matches one UTF-16 unit, not one code point.
/// </summary>
internal static class Re2Regex
{
    private static readonly ConcurrentDictionary<string, Regex> Cache = new();

    private const string Digit = "0-9";
    private const string NotDigit = @"\x00-/:-\uFFFF";
    private const string Word = "0-9A-Za-z_";
    private const string NotWord = @"\x00-/:-@\[-\^`{-\uFFFF";
    private const string Space = @"\t\n\f\r ";
    private const string NotSpace = @"\x00-\x08\x0B\x0E-\x1F!-\uFFFF";

    private static readonly Dictionary<string, string> Posix = new()
    {
        ["alnum"] = "0-9A-Za-z", ["alpha"] = "A-Za-z", ["ascii"] = @"\x00-\x7F", ["blank"] = @"\t ",
        ["cntrl"] = @"\x00-\x1F\x7F", ["digit"] = "0-9", ["graph"] = "!-~", ["lower"] = "a-z", ["print"] = " -~",
        ["punct"] = @"!-/:-@\[-`{-~", ["space"] = @"\t\n\v\f\r ", ["upper"] = "A-Z", ["word"] = "0-9A-Za-z_",
        ["xdigit"] = "0-9A-Fa-f",
    };

    /// <summary>The compiled pattern; a CelError ("error parsing regexp: …") when RE2 would not accept it.</summary>
    public static Regex Get(string pattern) => Cache.GetOrAdd(pattern, Build);

    public static bool IsMatch(string input, string pattern) => Get(pattern).IsMatch(input);

    private static Regex Build(string pattern)
    {
        var (translated, multiline) = Translate(pattern);
        try
        {
            var options = RegexOptions.CultureInvariant | (multiline ? RegexOptions.Multiline : RegexOptions.None);
            return new Regex(translated, options, TimeSpan.FromSeconds(2));
        }
        catch (ArgumentException e)
        {
            throw new CelError($"error parsing regexp: {e.Message}");
        }
    }

    internal static (string Pattern, bool Multiline) Translate(string p)
    {
        var multiline = false;
        var sb = new StringBuilder(p.Length + 16);
        var i = 0;
        while (i < p.Length)
        {
            var c = p[i];
            switch (c)
            {
                case '\\':
                    i = Escape(p, i, sb, inClass: false);
                    continue;
                case '[':
                    i = Class(p, i, sb);
                    continue;
                case '$':
                    sb.Append(multiline ? "$" : @"\z");
                    break;
                case '(' when i + 1 < p.Length && p[i + 1] == '?':
                    i = Group(p, i, sb, ref multiline);
                    continue;
                case '{':
                    CheckRepeat(p, i);
                    sb.Append(c);
                    break;
                default:
                    sb.Append(c);
                    break;
            }
            i++;
        }
        return (sb.ToString(), multiline);
    }

    private static int Group(string p, int i, StringBuilder sb, ref bool multiline)
    {
        var rest = p.AsSpan(i + 2);
        if (rest.StartsWith("P<"))
        {
            sb.Append("(?<");
            return i + 4;
        }
        if (rest.StartsWith(":") || rest.StartsWith("<") && !rest.StartsWith("<=") && !rest.StartsWith("<!"))
        {
            sb.Append("(?");
            return i + 2;
        }
        // Flags: (?i) (?s) (?m) (?-i) (?i:…)
        var j = i + 2;
        while (j < p.Length && p[j] is 'i' or 'm' or 's' or 'U' or '-') j++;
        if (j > i + 2 && j < p.Length && p[j] is ')' or ':')
        {
            var flags = p[(i + 2)..j];
            if (flags.Contains('U')) throw Unsupported("(?U)", "ungreedy flag");
            var on = flags.Split('-')[0];
            if (on.Contains('m')) multiline = true;
            sb.Append("(?").Append(flags);
            return j;
        }
        throw Unsupported(p[i..Math.Min(p.Length, i + 3)], "invalid or unsupported Perl syntax");
    }

    private static int Escape(string p, int i, StringBuilder sb, bool inClass)
    {
        if (i + 1 >= p.Length) throw new CelError("error parsing regexp: trailing backslash at end of expression: ``");
        var e = p[i + 1];
        switch (e)
        {
            case 'd': sb.Append(inClass ? Digit : $"[{Digit}]"); break;
            case 'D': sb.Append(inClass ? NotDigit : $"[{NotDigit}]"); break;
            case 'w': sb.Append(inClass ? Word : $"[{Word}]"); break;
            case 'W': sb.Append(inClass ? NotWord : $"[{NotWord}]"); break;
            case 's': sb.Append(inClass ? Space : $"[{Space}]"); break;
            case 'S': sb.Append(inClass ? NotSpace : $"[{NotSpace}]"); break;
            case 'A' or 'z' or 'b' or 'B' when !inClass: sb.Append('\\').Append(e); break;
            case 'Q':
            {
                var end = p.IndexOf(@"\E", i + 2, StringComparison.Ordinal);
                var literal = end < 0 ? p[(i + 2)..] : p[(i + 2)..end];
                foreach (var ch in literal) sb.Append(Regex.Escape(ch.ToString()).Replace("]", @"\]"));
                return end < 0 ? p.Length : end + 2;
            }
            case 'p' or 'P':
            {
                if (i + 2 >= p.Length) throw Unsupported(@"\p", "invalid character class range");
                if (p[i + 2] == '{')
                {
                    var close = p.IndexOf('}', i + 3);
                    if (close < 0) throw Unsupported(p[i..], "invalid character class range");
                    var name = p[(i + 3)..close];
                    sb.Append('\\').Append(e).Append('{').Append(UnicodeClass(name)).Append('}');
                    return close + 1;
                }
                sb.Append('\\').Append(e).Append('{').Append(UnicodeClass(p[i + 2].ToString())).Append('}');
                return i + 3;
            }
            case 'x':
                if (i + 2 < p.Length && p[i + 2] == '{')
                {
                    var close = p.IndexOf('}', i + 3);
                    if (close < 0 || !int.TryParse(p.AsSpan(i + 3, close - i - 3), NumberStyles.HexNumber, CultureInfo.InvariantCulture, out var cp) || cp > 0x10FFFF)
                        throw Unsupported(p[i..Math.Min(p.Length, i + 4)], "invalid escape sequence");
                    foreach (var ch in char.ConvertFromUtf32(cp)) sb.Append($"\\u{(int)ch:X4}");
                    return close + 1;
                }
                sb.Append(p, i, Math.Min(4, p.Length - i));
                return i + 4;
            case >= '1' and <= '9':
                throw Unsupported($"\\{e}", "invalid escape sequence");
            case 'a' or 'f' or 't' or 'n' or 'r' or 'v' or '0':
                sb.Append('\\').Append(e);
                break;
            default:
                if (char.IsAsciiLetterOrDigit(e)) throw Unsupported($"\\{e}", "invalid escape sequence");
                sb.Append('\\').Append(e);
                break;
        }
        return i + 2;
    }

    private static int Class(string p, int i, StringBuilder sb)
    {
        sb.Append('[');
        i++;
        if (i < p.Length && p[i] == '^') { sb.Append('^'); i++; }
        if (i < p.Length && p[i] == ']') { sb.Append(@"\]"); i++; }
        while (i < p.Length && p[i] != ']')
        {
            if (p[i] == '\\') { i = Escape(p, i, sb, inClass: true); continue; }
            if (p[i] == '[' && i + 1 < p.Length && p[i + 1] == ':')
            {
                var close = p.IndexOf(":]", i + 2, StringComparison.Ordinal);
                var name = close < 0 ? "" : p[(i + 2)..close];
                if (!Posix.TryGetValue(name, out var range)) throw Unsupported(p[i..Math.Min(p.Length, i + 8)], "invalid character class range");
                sb.Append(range);
                i = close + 2;
                continue;
            }
            sb.Append(p[i] == '[' ? @"\[" : p[i].ToString());
            i++;
        }
        if (i >= p.Length) throw new CelError($"error parsing regexp: missing closing ]: `{p}`");
        sb.Append(']');
        return i + 1;
    }

    private static void CheckRepeat(string p, int i)
    {
        var m = Regex.Match(p[i..], @"^\{(\d+)(,(\d*))?\}");
        if (!m.Success) return;
        if (int.Parse(m.Groups[1].Value, CultureInfo.InvariantCulture) > 1000 ||
            m.Groups[3].Value.Length > 0 && int.Parse(m.Groups[3].Value, CultureInfo.InvariantCulture) > 1000)
            throw Unsupported(m.Value, "invalid repeat count");
    }

    /// <summary>RE2 names scripts (Greek) and categories (L, Lu); .NET knows categories, and scripts only as blocks.</summary>
    private static string UnicodeClass(string name) =>
        name.Length <= 2 || name.StartsWith("Is", StringComparison.Ordinal) ? name : "Is" + name;

    private static CelError Unsupported(string what, string why) => new($"error parsing regexp: {why}: `{what}`");
}
