using System.Globalization;
using System.Text;
using Graylane.LocalCluster.Validation.Cel.Runtime;
using static Graylane.LocalCluster.Validation.Cel.Library.StandardLibrary;

namespace Graylane.LocalCluster.Validation.Cel.Library;

/// <summary>
/// The extended string library Kubernetes enables (cel-go ext.Strings): charAt, indexOf, lastIndexOf, lowerAscii,
/// upperAscii, replace, split, substring, trim, join, reverse, strings.quote. Indexes count code points.
/// </summary>
internal static class StringsLibrary
{
    public static void Register(CelFunctionTable t)
    {
        t.Member("charAt", 1, a =>
        {
            var runes = Runes(Str(a, 0, "charAt"));
            var i = Int(a, 1, "charAt");
            if (i < 0 || i > runes.Length) throw new CelError($"index out of range: {i}");
            return i == runes.Length ? "" : runes[i].ToString();
        });
        t.Member("indexOf", 1, a => a[0] is string ? IndexOf(Str(a, 0, "indexOf"), Str(a, 1, "indexOf"), 0) : ListsLibrary.IndexOf(a));
        t.Member("indexOf", 2, a => IndexOf(Str(a, 0, "indexOf"), Str(a, 1, "indexOf"), Int(a, 2, "indexOf")));
        t.Member("lastIndexOf", 1, a => a[0] is string ? LastIndexOf(Str(a, 0, "lastIndexOf"), Str(a, 1, "lastIndexOf"), null) : ListsLibrary.LastIndexOf(a));
        t.Member("lastIndexOf", 2, a => LastIndexOf(Str(a, 0, "lastIndexOf"), Str(a, 1, "lastIndexOf"), Int(a, 2, "lastIndexOf")));
        t.Member("lowerAscii", 0, a => AsciiCase(Str(a, 0, "lowerAscii"), lower: true));
        t.Member("upperAscii", 0, a => AsciiCase(Str(a, 0, "upperAscii"), lower: false));
        t.Member("replace", 2, a => Replace(Str(a, 0, "replace"), Str(a, 1, "replace"), Str(a, 2, "replace"), -1));
        t.Member("replace", 3, a => Replace(Str(a, 0, "replace"), Str(a, 1, "replace"), Str(a, 2, "replace"), Int(a, 3, "replace")));
        t.Member("split", 1, a => Split(Str(a, 0, "split"), Str(a, 1, "split"), -1));
        t.Member("split", 2, a => Split(Str(a, 0, "split"), Str(a, 1, "split"), Int(a, 2, "split")));
        t.Member("substring", 1, a =>
        {
            var runes = Runes(Str(a, 0, "substring"));
            return Substring(runes, Int(a, 1, "substring"), runes.Length);
        });
        t.Member("substring", 2, a => Substring(Runes(Str(a, 0, "substring")), Int(a, 1, "substring"), Int(a, 2, "substring")));
        t.Member("trim", 0, a => Str(a, 0, "trim").Trim());
        t.Member("reverse", 0, a => a[0] is string s
            ? string.Concat(Runes(s).Reverse().Select(r => r.ToString()))
            : ListsLibrary.Reverse(a));
        t.Member("join", 0, a => Join(a, ""));
        t.Member("join", 1, a => Join(a, Str(a, 1, "join")));
        t.Global("strings.quote", 1, a => Quote(Str(a, 0, "strings.quote")));
    }

    private static Rune[] Runes(string s) => s.EnumerateRunes().ToArray();

    private static long IndexOf(string s, string sub, long start)
    {
        var runes = Runes(s);
        if (start < 0 || start > runes.Length) throw new CelError($"index out of range: {start}");
        var target = Runes(sub);
        for (var i = (int)start; i + target.Length <= runes.Length; i++)
            if (runes.AsSpan(i, target.Length).SequenceEqual(target)) return i;
        return -1;
    }

    private static long LastIndexOf(string s, string sub, long? start)
    {
        var runes = Runes(s);
        var from = start ?? runes.Length;
        if (from < 0 || from > runes.Length) throw new CelError($"index out of range: {from}");
        var target = Runes(sub);
        for (var i = (int)Math.Min(from, runes.Length - target.Length); i >= 0; i--)
            if (runes.AsSpan(i, target.Length).SequenceEqual(target)) return i;
        return -1;
    }

    private static string AsciiCase(string s, bool lower)
    {
        var chars = s.ToCharArray();
        for (var i = 0; i < chars.Length; i++)
            if (char.IsAscii(chars[i])) chars[i] = lower ? char.ToLowerInvariant(chars[i]) : char.ToUpperInvariant(chars[i]);
        return new string(chars);
    }

    private static string Replace(string s, string old, string replacement, long n)
    {
        if (n == 0) return s;
        var sb = new StringBuilder();
        var count = 0L;
        var i = 0;
        if (old.Length == 0)
        {
            // Go inserts the replacement before every code point and at the end.
            var runes = Runes(s);
            for (var r = 0; r <= runes.Length; r++)
            {
                if (n < 0 || count < n) { sb.Append(replacement); count++; }
                if (r < runes.Length) sb.Append(runes[r].ToString());
            }
            return sb.ToString();
        }
        while (n < 0 || count < n)
        {
            var at = s.IndexOf(old, i, StringComparison.Ordinal);
            if (at < 0) break;
            sb.Append(s, i, at - i).Append(replacement);
            i = at + old.Length;
            count++;
        }
        return sb.Append(s, i, s.Length - i).ToString();
    }

    private static IReadOnlyList<object?> Split(string s, string sep, long n)
    {
        if (n == 0) return [];
        if (sep.Length == 0)
        {
            var runes = Runes(s).Select(r => (object?)r.ToString()).ToList();
            if (n > 0 && runes.Count > n)
            {
                var head = runes.Take((int)n - 1).ToList();
                head.Add(string.Concat(runes.Skip((int)n - 1)));
                return head;
            }
            return runes;
        }
        var parts = n < 0 ? s.Split(sep) : s.Split(sep, (int)Math.Min(n, int.MaxValue));
        return parts.Select(p => (object?)p).ToList();
    }

    private static string Substring(Rune[] runes, long start, long end)
    {
        if (start < 0 || start > runes.Length) throw new CelError($"index out of range: {start}");
        if (end < 0 || end > runes.Length) throw new CelError($"index out of range: {end}");
        if (start > end) throw new CelError($"invalid substring range. start: {start}, end: {end}");
        return string.Concat(runes.Skip((int)start).Take((int)(end - start)).Select(r => r.ToString()));
    }

    private static string Join(object?[] a, string sep)
    {
        if (a[0] is not IReadOnlyList<object?> list) throw CelError.NoSuchOverload("join", a);
        return string.Join(sep, list.Select(x => x as string ?? throw CelError.NoSuchOverload("join", a)));
    }

    private static string Quote(string s)
    {
        var sb = new StringBuilder("\"");
        foreach (var r in s.EnumerateRunes())
        {
            sb.Append(r.Value switch
            {
                7 => "\\a", 8 => "\\b", 12 => "\\f", 10 => "\\n", 13 => "\\r", 9 => "\\t", 11 => "\\v",
                '\\' => "\\\\", '"' => "\\\"",
                < 32 => "\\x" + r.Value.ToString("x2", CultureInfo.InvariantCulture),
                _ => r.ToString(),
            });
        }
        return sb.Append('"').ToString();
    }
}
