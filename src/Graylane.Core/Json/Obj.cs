using System.Text.Json.Nodes;

namespace Graylane.Core.Json;

/// <summary>
/// Small accessors for Kubernetes objects held as JSON. Objects stay JSON end to end so fields this
/// code does not model (newer API fields, CRD extras) survive every read-modify-write.
/// </summary>
public static class Obj
{
    public static JsonObject Metadata(JsonObject o) => Child(o, "metadata");

    public static string Name(JsonObject o) => (string?)o["metadata"]?["name"] ?? "";

    public static string? Namespace(JsonObject o) => (string?)o["metadata"]?["namespace"];

    public static string? ResourceVersion(JsonObject o) => (string?)o["metadata"]?["resourceVersion"];

    public static long Generation(JsonObject o) => Obj.Long(o["metadata"]?["generation"]) ?? 0;

    public static Dictionary<string, string> Labels(JsonObject o) => StringMap(o["metadata"]?["labels"]);

    public static Dictionary<string, string> Annotations(JsonObject o) => StringMap(o["metadata"]?["annotations"]);

    public static string? Annotation(JsonObject o, string key) => (string?)o["metadata"]?["annotations"]?[key];

    public static void SetAnnotation(JsonObject o, string key, string value) => Child(Metadata(o), "annotations")[key] = value;

    public static void SetLabel(JsonObject o, string key, string value) => Child(Metadata(o), "labels")[key] = value;

    /// <summary>Reads a JSON object of string values (labels, selectors) as a dictionary.</summary>
    public static Dictionary<string, string> StringMap(JsonNode? node)
    {
        var map = new Dictionary<string, string>(StringComparer.Ordinal);
        if (node is JsonObject obj)
            foreach (var (k, v) in obj)
                if (v is not null) map[k] = v.ToString();
        return map;
    }

    public static JsonObject ToJson(IReadOnlyDictionary<string, string> map)
    {
        var o = new JsonObject();
        foreach (var (k, v) in map.OrderBy(kv => kv.Key, StringComparer.Ordinal)) o[k] = v;
        return o;
    }

    /// <summary>The child object at key, created when missing.</summary>
    public static JsonObject Child(JsonObject parent, string key)
    {
        if (parent[key] is JsonObject existing) return existing;
        var created = new JsonObject();
        parent[key] = created;
        return created;
    }

    public static JsonObject Clone(JsonObject o) => (JsonObject)o.DeepClone();

    /// <summary>True when every selector pair is present in labels (a Kubernetes equality selector).</summary>
    public static bool Matches(IReadOnlyDictionary<string, string> selector, IReadOnlyDictionary<string, string> labels) =>
        selector.Count > 0 && selector.All(kv => labels.TryGetValue(kv.Key, out var v) && v == kv.Value);

    public static string Format(IReadOnlyDictionary<string, string> map) =>
        map.Count == 0 ? "(none)" : string.Join(",", map.OrderBy(kv => kv.Key, StringComparer.Ordinal).Select(kv => $"{kv.Key}={kv.Value}"));

    /// <summary>A whole number whatever its in-memory representation (parsed JSON, int, long); null when absent.</summary>
    public static long? Long(JsonNode? node) =>
        node is JsonValue v && long.TryParse(v.ToJsonString().Trim('"'), System.Globalization.NumberStyles.Integer, System.Globalization.CultureInfo.InvariantCulture, out var n) ? n : null;

    public static int? Int(JsonNode? node) => Long(node) is { } n ? (int)n : null;

    public static IEnumerable<JsonObject> Objects(JsonNode? array) =>
        array is JsonArray a ? a.OfType<JsonObject>() : [];
}
