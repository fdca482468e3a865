using System.Text.Json;
using System.Text.Json.Nodes;

namespace Graylane.Core.Manifests;

/// <summary>
/// Diff entries as short lines for a CI log and the job summary: "~ path: old -> new", "+ path: value", "- path".
/// With hideValues (Secrets) no value is ever shown, only which fields changed.
/// </summary>
public static class DiffText
{
    public const string Hidden = "<secret>";
    private const int MaxValue = 60;

    public static IReadOnlyList<string> Lines(IEnumerable<DiffEntry> entries, bool hideValues = false) =>
        entries.Select(e => Line(e, hideValues)).ToList();

    public static string Line(DiffEntry e, bool hideValues = false) => e.Kind switch
    {
        DiffKind.Added => $"+ {e.Path}: {Show(e.After, hideValues)}",
        DiffKind.Removed => $"- {e.Path}",
        _ => $"~ {e.Path}: {Show(e.Before, hideValues)} -> {Show(e.After, hideValues)}",
    };

    public static string Show(JsonNode? value, bool hide)
    {
        if (hide) return Hidden;
        if (value is null) return "null";
        if (value is JsonValue v && v.GetValueKind() == JsonValueKind.String)
        {
            var s = v.GetValue<string>();
            var lines = s.Split('\n').Length;
            if (lines > 2) return $"({lines} lines)";
            return "\"" + Shorten(s).Replace("\"", "\\\"", StringComparison.Ordinal) + "\"";
        }
        return Shorten(value.ToJsonString());
    }

    private static string Shorten(string s) => s.Length <= MaxValue ? s : s[..(MaxValue - 1)] + "…";
}
