using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Graylane.LocalCluster.Routing;

/// <summary>Tolerant readers for untyped Kubernetes JSON (numbers may arrive as long, double or parsed elements).</summary>
internal static class Json
{
    public static JsonObject? Obj(JsonNode? node, params string[] path)
    {
        var n = Walk(node, path);
        return n as JsonObject;
    }

    public static IEnumerable<JsonNode> Arr(JsonNode? node, params string[] path) =>
        Walk(node, path) is JsonArray a ? a.Where(x => x is not null).Select(x => x!) : [];

    public static string? Str(JsonNode? node, params string[] path)
    {
        var n = Walk(node, path);
        if (n is not JsonValue v) return null;
        return v.GetValueKind() switch
        {
            JsonValueKind.String => v.GetValue<string>(),
            JsonValueKind.Number => v.ToJsonString(),
            JsonValueKind.True => "true",
            JsonValueKind.False => "false",
            _ => null,
        };
    }

    public static double? Num(JsonNode? node, params string[] path)
    {
        var n = Walk(node, path);
        if (n is not JsonValue v) return null;
        return v.GetValueKind() switch
        {
            JsonValueKind.Number => double.Parse(v.ToJsonString(), CultureInfo.InvariantCulture),
            JsonValueKind.String when double.TryParse(v.GetValue<string>(), NumberStyles.Float, CultureInfo.InvariantCulture, out var d) => d,
            _ => null,
        };
    }

    /// <summary>A string map such as labels or a selector; non-string values are taken as their JSON text.</summary>
    public static Dictionary<string, string> Map(JsonNode? node, params string[] path)
    {
        var result = new Dictionary<string, string>(StringComparer.Ordinal);
        if (Walk(node, path) is JsonObject o)
            foreach (var (k, v) in o)
                if (Str(v) is { } s) result[k] = s;
        return result;
    }

    public static string Name(JsonObject o) => Str(o, "metadata", "name") ?? "";
    public static string Namespace(JsonObject o) => Str(o, "metadata", "namespace") ?? "";

    private static JsonNode? Walk(JsonNode? node, string[] path)
    {
        foreach (var p in path)
        {
            if (node is not JsonObject o) return null;
            node = o[p];
        }
        return node;
    }
}
