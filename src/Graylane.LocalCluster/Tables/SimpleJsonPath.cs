using System.Text.Json.Nodes;

namespace Graylane.LocalCluster.Tables;

/// <summary>
/// The JSONPath subset CRD printer columns use: .a.b, ["key.with.dots"], [n], [*] and [?(@.f=="v")] filters
/// (== and !=, string or number literal). Missing keys yield no result, as with AllowMissingKeys.
/// </summary>
internal sealed class SimpleJsonPath
{
    private readonly List<Func<JsonNode?, IEnumerable<JsonNode?>>> _steps = new();

    public SimpleJsonPath(string expression)
    {
        var text = expression.Trim();
        if (text.StartsWith('{') && text.EndsWith('}')) text = text[1..^1];
        if (text.StartsWith('$')) text = text[1..];
        var i = 0;
        while (i < text.Length)
        {
            if (text[i] == '.')
            {
                var start = ++i;
                while (i < text.Length && text[i] is not ('.' or '[')) i++;
                var key = text[start..i];
                if (key.Length > 0) _steps.Add(n => n is JsonObject o && o.TryGetPropertyValue(key, out var v) ? [v] : []);
            }
            else if (text[i] == '[')
            {
                var end = FindClose(text, i);
                var inner = text[(i + 1)..end].Trim();
                _steps.Add(Bracket(inner));
                i = end + 1;
            }
            else throw new FormatException($"unrecognized character in JSONPath {expression} at {i}");
        }
    }

    /// <summary>Every value the path selects.</summary>
    public IReadOnlyList<JsonNode?> Find(JsonNode? root)
    {
        IEnumerable<JsonNode?> current = [root];
        foreach (var step in _steps) current = current.SelectMany(step).ToList();
        return current.ToList();
    }

    private static int FindClose(string text, int open)
    {
        var quote = '\0';
        for (var j = open + 1; j < text.Length; j++)
        {
            if (quote != '\0') { if (text[j] == quote) quote = '\0'; continue; }
            if (text[j] is '"' or '\'') quote = text[j];
            else if (text[j] == ']') return j;
        }
        throw new FormatException($"unclosed [ in JSONPath {text}");
    }

    private static Func<JsonNode?, IEnumerable<JsonNode?>> Bracket(string inner)
    {
        if (inner == "*")
            return n => n switch { JsonArray a => a, JsonObject o => o.Select(kv => kv.Value), _ => [] };
        if (inner.StartsWith("?(") && inner.EndsWith(')'))
        {
            var (path, equal, literal) = Filter(inner[2..^1]);
            return n => n is JsonArray a
                ? a.Where(item => path.Find(item).Any(v => Same(v, literal)) == equal)
                : [];
        }
        if (inner.Length >= 2 && inner[0] is '"' or '\'')
        {
            var key = inner[1..^1];
            return n => n is JsonObject o && o.TryGetPropertyValue(key, out var v) ? [v] : [];
        }
        if (int.TryParse(inner, out var index))
            return n => n is JsonArray a && (index < 0 ? a.Count + index : index) is var k && k >= 0 && k < a.Count ? [a[k]] : [];
        throw new FormatException($"unsupported JSONPath subscript [{inner}]");
    }

    private static (SimpleJsonPath Path, bool Equal, string Literal) Filter(string condition)
    {
        var op = condition.Contains("!=") ? "!=" : "==";
        var at = condition.IndexOf(op, StringComparison.Ordinal);
        if (at < 0) throw new FormatException($"unsupported JSONPath filter {condition}");
        var left = condition[..at].Trim();
        var right = condition[(at + 2)..].Trim().Trim('"', '\'');
        if (!left.StartsWith('@')) throw new FormatException($"unsupported JSONPath filter {condition}");
        return (new SimpleJsonPath(left[1..]), op == "==", right);
    }

    private static bool Same(JsonNode? value, string literal) => value switch
    {
        JsonValue v when v.TryGetValue<string>(out var s) => s == literal,
        JsonValue v => v.ToJsonString() == literal,
        _ => false,
    };
}
