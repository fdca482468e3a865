using System.Text.Json.Nodes;

namespace Graylane.LocalCluster.Selectors;

/// <summary>A field selector ("metadata.name=x,metadata.namespace!=y"); any dotted path into the object is read as a string.</summary>
public sealed class FieldSelector
{
    public static readonly FieldSelector Everything = new([]);
    private readonly IReadOnlyList<(string Path, bool Equal, string Value)> _terms;

    private FieldSelector(IReadOnlyList<(string, bool, string)> terms) => _terms = terms;

    public bool IsEmpty => _terms.Count == 0;

    public static FieldSelector Parse(string? text)
    {
        if (string.IsNullOrWhiteSpace(text)) return Everything;
        var terms = new List<(string, bool, string)>();
        foreach (var raw in text.Split(','))
        {
            var term = raw.Trim();
            int at;
            if ((at = term.IndexOf("!=", StringComparison.Ordinal)) > 0)
                terms.Add((term[..at].Trim(), false, term[(at + 2)..].Trim()));
            else if ((at = term.IndexOf("==", StringComparison.Ordinal)) > 0)
                terms.Add((term[..at].Trim(), true, term[(at + 2)..].Trim()));
            else if ((at = term.IndexOf('=')) > 0)
                terms.Add((term[..at].Trim(), true, term[(at + 1)..].Trim()));
            else
                throw new FormatException($"invalid selector: '{text}'; can't understand '{term}'");
        }
        return new FieldSelector(terms);
    }

    public bool Matches(JsonObject obj)
    {
        foreach (var (path, equal, value) in _terms)
        {
            JsonNode? node = obj;
            foreach (var part in path.Split('.')) node = node is JsonObject o ? o[part] : null;
            var actual = node switch { null => "", JsonValue v when v.TryGetValue<string>(out var s) => s, _ => node.ToJsonString() };
            if ((actual == value) != equal) return false;
        }
        return true;
    }
}
