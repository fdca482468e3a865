using System.Runtime.CompilerServices;
using System.Text;
using System.Text.Json.Nodes;

namespace Graylane.LocalCluster.Validation.Cel.Schema;

/// <summary>
/// How Kubernetes names schema properties inside CEL: a reserved word becomes <c>__namespace__</c>, and "__", ".",
/// "-", "/" become <c>__underscores__</c>, <c>__dot__</c>, <c>__dash__</c>, <c>__slash__</c>. A property with any other
/// character (or a leading digit) cannot be named in a rule.
/// </summary>
internal static class PropertyNames
{
    private static readonly HashSet<string> Reserved =
    [
        "true", "false", "null", "in", "as", "break", "const", "continue", "else", "for", "function", "if", "import",
        "let", "loop", "package", "namespace", "return", "var", "void", "while",
    ];

    private static readonly ConditionalWeakTable<JsonObject, Dictionary<string, string>> ByProperties = new();

    public static string? Escape(string name)
    {
        if (name.Length == 0 || char.IsAsciiDigit(name[0])) return null;
        if (Reserved.Contains(name)) return $"__{name}__";
        var sb = new StringBuilder();
        for (var i = 0; i < name.Length; i++)
        {
            var c = name[i];
            if (c == '_' && i + 1 < name.Length && name[i + 1] == '_')
            {
                sb.Append("__underscores__");
                i++;
            }
            else if (c == '.') sb.Append("__dot__");
            else if (c == '-') sb.Append("__dash__");
            else if (c == '/') sb.Append("__slash__");
            else if (char.IsAsciiLetterOrDigit(c) || c == '_') sb.Append(c);
            else return null;
        }
        return sb.ToString();
    }

    /// <summary>CEL field name → property name, for one schema's properties (built once per schema node).</summary>
    public static IReadOnlyDictionary<string, string> For(JsonObject properties) =>
        ByProperties.GetValue(properties, p =>
        {
            var map = new Dictionary<string, string>(StringComparer.Ordinal);
            foreach (var (name, _) in p)
                if (Escape(name) is { } escaped) map[escaped] = name;
            return map;
        });
}
