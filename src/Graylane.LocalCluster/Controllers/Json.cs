using System.Globalization;
using System.Text.Json.Nodes;

namespace Graylane.LocalCluster.Controllers;

/// <summary>Small readers and writers over Kubernetes-shaped JsonObjects.</summary>
internal static class Json
{
    public static JsonObject Metadata(JsonObject obj) => obj["metadata"] as JsonObject ?? [];

    public static string Name(JsonObject obj) => (string?)Metadata(obj)["name"] ?? "";

    public static string Namespace(JsonObject obj) => (string?)Metadata(obj)["namespace"] ?? "default";

    public static string Uid(JsonObject obj) => (string?)Metadata(obj)["uid"] ?? "";

    public static long Generation(JsonObject obj) => Long(Metadata(obj)["generation"]) ?? 0;

    public static bool IsDeleting(JsonObject obj) => Metadata(obj)["deletionTimestamp"] is not null;

    public static JsonObject Object(JsonObject parent, string property)
    {
        if (parent[property] is JsonObject existing) return existing;
        var created = new JsonObject();
        parent[property] = created;
        return created;
    }

    /// <summary>A number however it was stored (parsed JSON, or an int/long set from code).</summary>
    public static long? Long(JsonNode? node)
    {
        if (node is not JsonValue v || v.GetValueKind() != System.Text.Json.JsonValueKind.Number) return null;
        return double.TryParse(v.ToJsonString(), NumberStyles.Float, CultureInfo.InvariantCulture, out var d) ? (long)d : null;
    }

    public static int Int(JsonNode? node, int fallback) => (int?)Long(node) ?? fallback;

    public static string? String(JsonNode? node) => node is JsonValue v && v.TryGetValue<string>(out var s) ? s : null;

    public static Dictionary<string, string> StringMap(JsonNode? node)
    {
        var map = new Dictionary<string, string>(StringComparer.Ordinal);
        if (node is JsonObject o)
            foreach (var (k, v) in o)
                if (String(v) is { } s) map[k] = s;
        return map;
    }

    public static JsonObject ToJson(IReadOnlyDictionary<string, string> map)
    {
        var o = new JsonObject();
        foreach (var (k, v) in map.OrderBy(kv => kv.Key, StringComparer.Ordinal)) o[k] = v;
        return o;
    }

    /// <summary>The owner reference marked controller: true, if any.</summary>
    public static JsonObject? ControllerRef(JsonObject obj) =>
        (Metadata(obj)["ownerReferences"] as JsonArray)?.OfType<JsonObject>()
            .FirstOrDefault(r => r["controller"] is JsonValue v && v.TryGetValue<bool>(out var b) && b);

    public static bool IsControlledBy(JsonObject child, JsonObject owner) =>
        ControllerRef(child) is { } r && (string?)r["uid"] == Uid(owner);

    public static JsonArray OwnerReferences(JsonObject owner) =>
    [
        new JsonObject
        {
            ["apiVersion"] = (string?)owner["apiVersion"],
            ["kind"] = (string?)owner["kind"],
            ["name"] = Name(owner),
            ["uid"] = Uid(owner),
            ["controller"] = true,
            ["blockOwnerDeletion"] = true,
        },
    ];

    /// <summary>Kubernetes timestamps: RFC 3339, whole seconds, UTC.</summary>
    public static string Timestamp(DateTimeOffset t) =>
        t.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture);

    public static DateTimeOffset? ParseTimestamp(JsonNode? node) =>
        String(node) is { } s && DateTimeOffset.TryParse(s, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var t)
            ? t
            : null;

    /// <summary>Sets a count the way the Go API types do for omitempty fields: zero is left out.</summary>
    public static void SetOmitEmpty(JsonObject obj, string property, long value)
    {
        if (value == 0) obj.Remove(property);
        else obj[property] = value;
    }
}
