using System.Text.Json.Nodes;

namespace Graylane.LocalCluster.Validation;

/// <summary>
/// Applies a structural schema's <c>default</c> values the way the apiextensions server does when it decodes a
/// custom object: a property that is absent (or null without <c>nullable</c>) gets a copy of its default, then
/// defaulting goes on inside it. Validation and CEL rules see, and storage keeps, the defaulted object
/// (HTTPRoute's backendRef <c>group: ""</c> and <c>kind: Service</c>, for example, which its rules read).
/// </summary>
internal static class SchemaDefaulter
{
    public static void Apply(JsonObject obj, JsonObject schema)
    {
        var props = schema["properties"] as JsonObject;
        if (props is null) return;
        foreach (var (key, prop) in props)
        {
            if (key is "apiVersion" or "kind" or "metadata" || prop is not JsonObject ps) continue;
            if (ps["default"] is { } d && NeedsDefault(obj, key, ps)) obj[key] = d.DeepClone();
            Default(obj[key], ps);
        }
    }

    private static bool NeedsDefault(JsonObject o, string key, JsonObject schema) =>
        !o.TryGetPropertyValue(key, out var v) || v is null && (bool?)schema["nullable"] != true;

    private static void Default(JsonNode? node, JsonObject schema)
    {
        switch (node)
        {
            case JsonObject o:
                if (schema["properties"] is JsonObject props)
                {
                    foreach (var (key, prop) in props)
                        if (prop is JsonObject ps && ps["default"] is { } d && NeedsDefault(o, key, ps)) o[key] = d.DeepClone();
                    foreach (var key in o.Select(kv => kv.Key).ToList())
                        if (props[key] is JsonObject ps) Default(o[key], ps);
                }
                else if (schema["additionalProperties"] is JsonObject additional)
                {
                    foreach (var key in o.Select(kv => kv.Key).ToList())
                    {
                        if (o[key] is null && additional["default"] is { } d && (bool?)additional["nullable"] != true) o[key] = d.DeepClone();
                        Default(o[key], additional);
                    }
                }
                break;
            case JsonArray a when schema["items"] is JsonObject items:
                for (var i = 0; i < a.Count; i++)
                {
                    if (a[i] is null && items["default"] is { } d && (bool?)items["nullable"] != true) a[i] = d.DeepClone();
                    Default(a[i], items);
                }
                break;
        }
    }
}
