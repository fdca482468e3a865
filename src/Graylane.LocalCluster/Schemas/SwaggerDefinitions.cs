using System.Collections.Concurrent;
using System.Text.Json.Nodes;

namespace Graylane.LocalCluster.Schemas;

/// <summary>Navigates the swagger definitions: the root schema of a kind, and property schemas with $ref resolved.</summary>
internal static class SwaggerDefinitions
{
    private static readonly ConcurrentDictionary<(string, string, string), JsonObject?> ByKind = new();

    private static JsonObject Definitions => (JsonObject)EmbeddedSchemas.Swagger["definitions"]!;

    public static JsonObject? ForKind(string group, string version, string kind) =>
        ByKind.GetOrAdd((group, version, kind), key =>
        {
            foreach (var (_, def) in Definitions)
                if (def?["x-kubernetes-group-version-kind"] is JsonArray gvks &&
                    gvks.Any(g => g?["group"].Str() == key.Item1 && g?["version"].Str() == key.Item2 && g?["kind"].Str() == key.Item3))
                    return (JsonObject)def;
            return null;
        });

    /// <summary>Follows "$ref" (and a single-element allOf wrapping one) to the definition.</summary>
    public static JsonObject? Resolve(JsonNode? schema)
    {
        if (schema is not JsonObject s) return null;
        if (s["$ref"].Str() is { } r) return Definitions[r["#/definitions/".Length..]] as JsonObject;
        if (s["allOf"] is JsonArray { Count: 1 } all) return Resolve(all[0]);
        return s;
    }
}
