using System.Text.Json.Nodes;

namespace Graylane.LocalCluster.Validation;

/// <summary>
/// Values as the API server prints them in validation messages: it JSON-encodes the Go value, so struct fields come in
/// Go's order, map keys sorted, and empty omitempty fields left out ({"matchLabels":{"app":"web"}}).
/// </summary>
internal static class GoJson
{
    /// <summary>A metav1.LabelSelector: matchLabels (keys sorted), then matchExpressions (key, operator, values).</summary>
    public static JsonNode? LabelSelector(JsonNode? selector)
    {
        if (selector is not JsonObject s) return null;
        var result = new JsonObject();
        if (SortedMap(s["matchLabels"]) is { Count: > 0 } labels) result["matchLabels"] = labels;
        if (s["matchExpressions"] is JsonArray { Count: > 0 } expressions)
            result["matchExpressions"] = new JsonArray(expressions.Select(e =>
            {
                var r = new JsonObject { ["key"] = e?["key"]?.DeepClone(), ["operator"] = e?["operator"]?.DeepClone() };
                if (e?["values"] is JsonArray { Count: > 0 } values) r["values"] = values.DeepClone();
                return (JsonNode)r;
            }).ToArray());
        return result;
    }

    /// <summary>A map[string]string with its keys sorted; null for a missing map (Go prints null).</summary>
    public static JsonObject? SortedMap(JsonNode? map)
    {
        if (map is not JsonObject o) return null;
        var sorted = new JsonObject();
        foreach (var (k, v) in o.OrderBy(kv => kv.Key, StringComparer.Ordinal)) sorted[k] = v?.DeepClone();
        return sorted;
    }
}
