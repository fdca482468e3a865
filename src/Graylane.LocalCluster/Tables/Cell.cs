using System.Globalization;
using System.Text.Json.Nodes;

namespace Graylane.LocalCluster.Tables;

/// <summary>Readers and formatters the printers share (they mirror apimachinery's labels and selector formatting).</summary>
internal static class Cell
{
    public static JsonNode? Str(JsonNode? node, string path)
    {
        var v = At(node, path);
        return v is JsonValue value && value.TryGetValue<string>(out var s) ? s : null;
    }

    public static string Text(JsonNode? node, string path, string fallback = "") => (string?)Str(node, path) ?? fallback;

    public static long Int(JsonNode? node, string path, long fallback = 0) => At(node, path).Long() ?? fallback;

    public static JsonNode? At(JsonNode? node, string path)
    {
        foreach (var part in path.Split('.'))
            node = node is JsonObject o ? o[part] : null;
        return node;
    }

    public static IEnumerable<JsonObject> Objects(JsonNode? node) => (node as JsonArray ?? []).OfType<JsonObject>();

    public static string Name(JsonObject obj) => Text(obj, "metadata.name");

    public static string Age(JsonObject obj, DateTimeOffset now) => HumanDuration.Since(Text(obj, "metadata.creationTimestamp"), now);

    /// <summary>labels.FormatLabels: "a=b,c=d" sorted by key, "&lt;none&gt;" when empty.</summary>
    public static string Labels(JsonNode? map)
    {
        var pairs = (map as JsonObject ?? []).Select(kv => $"{kv.Key}={kv.Value.Str()}").Order(StringComparer.Ordinal).ToList();
        return pairs.Count == 0 ? "<none>" : string.Join(",", pairs);
    }

    /// <summary>A metav1.LabelSelector as selector.String(): requirements sorted by key; "" selects everything.</summary>
    public static string Selector(JsonNode? selector)
    {
        var terms = new List<(string Key, string Text)>();
        foreach (var (k, v) in selector?["matchLabels"] as JsonObject ?? [])
            terms.Add((k, $"{k}={v.Str()}"));
        foreach (var e in Objects(selector?["matchExpressions"]))
        {
            var key = e["key"].Str() ?? "";
            var values = string.Join(",", (e["values"] as JsonArray ?? []).Select(x => x.Str() ?? "").Order(StringComparer.Ordinal));
            terms.Add((key, e["operator"].Str() switch
            {
                "In" => $"{key} in ({values})",
                "NotIn" => $"{key} notin ({values})",
                "Exists" => key,
                "DoesNotExist" => $"!{key}",
                _ => "<error>",
            }));
        }
        return string.Join(",", terms.OrderBy(t => t.Key, StringComparer.Ordinal).Select(t => t.Text));
    }

    /// <summary>metav1.FormatLabelSelector: the selector string, "&lt;none&gt;" when it is empty.</summary>
    public static string FormatSelector(JsonNode? selector)
    {
        var s = Selector(selector);
        return s.Length == 0 ? "<none>" : s;
    }

    /// <summary>The CONTAINERS and IMAGES cells of a pod template.</summary>
    public static (string Names, string Images) Containers(JsonNode? podSpec)
    {
        var containers = Objects(podSpec?["containers"]).ToList();
        return (string.Join(",", containers.Select(c => c["name"].Str())), string.Join(",", containers.Select(c => c["image"].Str())));
    }

    public static string Number(long n) => n.ToString(CultureInfo.InvariantCulture);
}
