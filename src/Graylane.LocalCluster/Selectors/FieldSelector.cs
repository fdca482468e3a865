using System.Text;
using System.Text.Json.Nodes;

namespace Graylane.LocalCluster.Selectors;

/// <summary>
/// A field selector ("involvedObject.kind=Pod,status.phase!=Running"): terms joined by AND, operators =, == and !=,
/// values with \, \= and \\ escaped. Parsed against the kind's selectable fields, so an unknown field is refused as the
/// real server refuses it; without them (tests, internal callers) any dotted path is read.
/// </summary>
public sealed class FieldSelector
{
    public static readonly FieldSelector Everything = new([]);
    private readonly IReadOnlyList<(string Path, bool Equal, string Value, Func<JsonObject, string> Read)> _terms;

    private FieldSelector(IReadOnlyList<(string, bool, string, Func<JsonObject, string>)> terms) => _terms = terms;

    public bool IsEmpty => _terms.Count == 0;

    /// <summary>Parses; throws FormatException with the server's wording for a malformed term or an unsupported field.</summary>
    public static FieldSelector Parse(string? text, SelectableFields? fields = null)
    {
        if (string.IsNullOrWhiteSpace(text)) return Everything;
        var terms = new List<(string, bool, string, Func<JsonObject, string>)>();
        foreach (var term in SplitUnescaped(text))
        {
            if (term.Length == 0) continue;
            var (at, length, equal) = Operator(term);
            if (at <= 0) throw new FormatException($"invalid selector: '{text}'; can't understand '{term}'");
            var field = term[..at].Trim();
            var value = Unescape(term[(at + length)..].Trim(), text);
            terms.Add((field, equal, value, fields?.Reader(field) ?? (o => DottedPath(o, field))));
        }
        return new FieldSelector(terms);
    }

    public bool Matches(JsonObject obj) => _terms.All(t => (t.Read(obj) == t.Value) == t.Equal);

    private static (int At, int Length, bool Equal) Operator(string term)
    {
        for (var i = 0; i < term.Length; i++)
        {
            if (term[i] == '\\') { i++; continue; }
            if (term[i] == '!' && i + 1 < term.Length && term[i + 1] == '=') return (i, 2, false);
            if (term[i] == '=') return i + 1 < term.Length && term[i + 1] == '=' ? (i, 2, true) : (i, 1, true);
        }
        return (-1, 0, true);
    }

    private static IEnumerable<string> SplitUnescaped(string text)
    {
        var current = new StringBuilder();
        for (var i = 0; i < text.Length; i++)
        {
            if (text[i] == '\\' && i + 1 < text.Length)
            {
                current.Append(text[i]).Append(text[i + 1]);
                i++;
            }
            else if (text[i] == ',')
            {
                yield return current.ToString().Trim();
                current.Clear();
            }
            else current.Append(text[i]);
        }
        yield return current.ToString().Trim();
    }

    private static string Unescape(string value, string text)
    {
        var sb = new StringBuilder();
        for (var i = 0; i < value.Length; i++)
        {
            if (value[i] != '\\') { sb.Append(value[i]); continue; }
            if (i + 1 >= value.Length || value[i + 1] is not ('\\' or ',' or '='))
                throw new FormatException($"invalid field selector: '{text}'; invalid escape sequence in value");
            sb.Append(value[++i]);
        }
        return sb.ToString();
    }

    private static string DottedPath(JsonObject obj, string path)
    {
        JsonNode? node = obj;
        foreach (var part in path.Split('.')) node = node is JsonObject o ? o[part] : null;
        return node switch { null => "", JsonValue v when v.TryGetValue<string>(out var s) => s, _ => node.ToJsonString() };
    }
}
