using System.Text.Json.Nodes;

namespace Graylane.LocalCluster;

/// <summary>Small null-safe readers over JsonNode (a wrong type reads as null instead of throwing).</summary>
internal static class JsonHelpers
{
    public static string? Str(this JsonNode? node) =>
        node is JsonValue v && v.TryGetValue<string>(out var s) ? s : null;

    public static long? Long(this JsonNode? node)
    {
        if (node is not JsonValue v) return null;
        if (v.TryGetValue<long>(out var l)) return l;
        if (v.TryGetValue<int>(out var i)) return i;
        if (v.TryGetValue<double>(out var d) && d == Math.Floor(d)) return (long)d;
        return null;
    }

    public static JsonObject Meta(this JsonObject obj)
    {
        if (obj["metadata"] is JsonObject m) return m;
        var created = new JsonObject();
        obj["metadata"] = created;
        return created;
    }

    public static string? Name(this JsonObject obj) => obj["metadata"]?["name"].Str();
    public static string? Namespace(this JsonObject obj) => obj["metadata"]?["namespace"].Str();
    public static string? ResourceVersion(this JsonObject obj) => obj["metadata"]?["resourceVersion"].Str();
    public static string? Uid(this JsonObject obj) => obj["metadata"]?["uid"].Str();

    public static IReadOnlyDictionary<string, string> Labels(this JsonObject obj) => StringMap(obj["metadata"]?["labels"]);

    public static IReadOnlyDictionary<string, string> StringMap(JsonNode? node)
    {
        var result = new Dictionary<string, string>(StringComparer.Ordinal);
        if (node is JsonObject o)
            foreach (var (k, v) in o)
                if (v.Str() is { } s) result[k] = s;
        return result;
    }

    /// <summary>JSON type name as OpenAPI validation messages use it.</summary>
    public static string TypeName(this JsonNode? node) => node switch
    {
        null => "null",
        JsonObject => "object",
        JsonArray => "array",
        JsonValue v => v.GetValueKind() switch
        {
            System.Text.Json.JsonValueKind.String => "string",
            System.Text.Json.JsonValueKind.True or System.Text.Json.JsonValueKind.False => "boolean",
            System.Text.Json.JsonValueKind.Number => v.Long() is not null ? "integer" : "number",
            _ => "null",
        },
        _ => "null",
    };
}
