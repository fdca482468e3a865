using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Graylane.Core.Json;

/// <summary>
/// Differences between two objects as lines a person can act on, e.g.
/// spec.http[primary].route[1].weight: expected 20, found 35. Metadata and status are ignored (the server owns
/// most of it); numbers compare by value (10 and 10.0 are equal); list items with names are paired by name.
/// </summary>
public static class JsonDrift
{
    private const int MaxDifferences = 50;

    public static IReadOnlyList<string> Differences(JsonObject expected, JsonObject actual)
    {
        var a = Obj.Clone(expected);
        var b = Obj.Clone(actual);
        foreach (var o in new[] { a, b })
        {
            o.Remove("metadata");
            o.Remove("status");
        }
        var found = new List<string>();
        Compare(a, b, "", found);
        if (found.Count > MaxDifferences) found = [.. found.Take(MaxDifferences), $"… and {found.Count - MaxDifferences} more"];
        return found;
    }

    private static void Compare(JsonNode? e, JsonNode? a, string path, List<string> found)
    {
        if (found.Count > MaxDifferences) return;
        switch (e, a)
        {
            case (JsonObject eo, JsonObject ao):
                foreach (var (key, value) in eo)
                {
                    var p = path.Length == 0 ? key : $"{path}.{key}";
                    if (!ao.ContainsKey(key)) found.Add($"{p}: expected {Show(value)}, missing");
                    else Compare(value, ao[key], p, found);
                }
                foreach (var (key, value) in ao)
                    if (!eo.ContainsKey(key)) found.Add($"{(path.Length == 0 ? key : $"{path}.{key}")}: not expected, found {Show(value)}");
                break;
            case (JsonArray ea, JsonArray aa):
                CompareArrays(ea, aa, path, found);
                break;
            default:
                if (!SameValue(e, a)) found.Add($"{path}: expected {Show(e)}, found {Show(a)}");
                break;
        }
    }

    private static void CompareArrays(JsonArray e, JsonArray a, string path, List<string> found)
    {
        var en = Names(e);
        var an = Names(a);
        if (en is not null && an is not null)
        {
            foreach (var name in en.Except(an)) found.Add($"{path}: item \"{name}\" is missing");
            foreach (var name in an.Except(en)) found.Add($"{path}: unexpected item \"{name}\"");
            var common = en.Intersect(an).ToList();
            if (!common.SequenceEqual(an.Where(common.Contains)))
                found.Add($"{path}: order is {string.Join(", ", an)}, expected {string.Join(", ", en)}");
            foreach (var name in common)
                Compare(e[en.IndexOf(name)], a[an.IndexOf(name)], $"{path}[{name}]", found);
            return;
        }
        if (e.Count != a.Count)
        {
            found.Add($"{path}: expected {e.Count} items, found {a.Count}");
            return;
        }
        for (var i = 0; i < e.Count; i++) Compare(e[i], a[i], $"{path}[{i}]", found);
    }

    /// <summary>The items' names when every item is an object with a distinct name; else null.</summary>
    private static List<string>? Names(JsonArray array)
    {
        var names = array.Select(i => i is JsonObject o ? (string?)(o["name"] as JsonValue)?.ToString() : null).ToList();
        if (names.Count == 0 || names.Any(n => string.IsNullOrEmpty(n)) || names.Distinct().Count() != names.Count) return null;
        return names!;
    }

    private static bool SameValue(JsonNode? e, JsonNode? a)
    {
        if (e is null || a is null) return e is null && a is null;
        if (e.GetValueKind() == JsonValueKind.Number && a.GetValueKind() == JsonValueKind.Number)
            return decimal.TryParse(e.ToJsonString(), NumberStyles.Float, CultureInfo.InvariantCulture, out var x) &&
                   decimal.TryParse(a.ToJsonString(), NumberStyles.Float, CultureInfo.InvariantCulture, out var y)
                ? x == y
                : e.ToJsonString() == a.ToJsonString();
        return JsonNode.DeepEquals(e, a);
    }

    private static string Show(JsonNode? n)
    {
        var text = n?.ToJsonString() ?? "null";
        return Validation.KubeNames.Printable(text.Length > 120 ? text[..120] + "…" : text);
    }
}
