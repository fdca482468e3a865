using System.Text.Json.Nodes;

namespace Graylane.LocalCluster.Validation;

/// <summary>
/// Drops fields a structural schema does not declare, as the apiextensions server does before
/// validation (unless x-kubernetes-preserve-unknown-fields). Returns the pruned paths so that
/// fieldValidation=Strict can reject them instead.
/// </summary>
internal static class SchemaPruner
{
    public static List<string> Prune(JsonObject obj, JsonObject schema)
    {
        var pruned = new List<string>();
        var props = schema["properties"] as JsonObject;
        foreach (var key in obj.Select(kv => kv.Key).ToList())
        {
            if (key is "apiVersion" or "kind" or "metadata") continue;
            if (props?[key] is JsonObject propSchema) PruneNode(obj[key], propSchema, key, pruned);
            else if (!IsPreserve(schema))
            {
                obj.Remove(key);
                pruned.Add(key);
            }
        }
        return pruned;
    }

    private static bool IsPreserve(JsonObject schema) => (bool?)schema["x-kubernetes-preserve-unknown-fields"] == true;

    private static void PruneNode(JsonNode? node, JsonObject schema, string path, List<string> pruned)
    {
        if ((bool?)schema["x-kubernetes-int-or-string"] == true) return;
        switch (node)
        {
            case JsonObject o:
                if ((bool?)schema["x-kubernetes-embedded-resource"] == true && IsPreserve(schema)) return;
                var props = schema["properties"] as JsonObject;
                var additional = schema["additionalProperties"] as JsonObject;
                var allowAny = schema["additionalProperties"] is JsonValue v && v.TryGetValue<bool>(out var b) && b;
                foreach (var key in o.Select(kv => kv.Key).ToList())
                {
                    var childPath = $"{path}.{key}";
                    if (props?[key] is JsonObject ps) PruneNode(o[key], ps, childPath, pruned);
                    else if (additional is not null) PruneNode(o[key], additional, childPath, pruned);
                    else if (!IsPreserve(schema) && !allowAny)
                    {
                        o.Remove(key);
                        pruned.Add(childPath);
                    }
                }
                break;
            case JsonArray a when schema["items"] is JsonObject items:
                for (var i = 0; i < a.Count; i++) PruneNode(a[i], items, $"{path}[{i}]", pruned);
                break;
        }
    }
}
