using System.Collections.Concurrent;
using System.Text.Json.Nodes;

namespace Graylane.LocalCluster.Schemas;

/// <summary>Navigates the swagger definitions: the root schema of a kind, and property schemas with $ref resolved.</summary>
internal static class SwaggerDefinitions
{
    private static readonly ConcurrentDictionary<(string, string, string), JsonObject?> ByKind = new();

    private static JsonObject Definitions => (JsonObject)EmbeddedSchemas.Swagger["definitions"]!;

    private static readonly ConcurrentDictionary<(string, string, string), string?> NameByKind = new();

    public static JsonObject? ForKind(string group, string version, string kind) =>
        ByKind.GetOrAdd((group, version, kind), key => NameForKind(key.Item1, key.Item2, key.Item3) is { } name ? (JsonObject)Definitions[name]! : null);

    /// <summary>The definition name of a kind ("io.k8s.api.apps.v1.Deployment"), or null when the swagger has none.</summary>
    public static string? NameForKind(string group, string version, string kind) =>
        NameByKind.GetOrAdd((group, version, kind), key =>
        {
            foreach (var (name, def) in Definitions)
                if (def?["x-kubernetes-group-version-kind"] is JsonArray gvks &&
                    gvks.Any(g => g?["group"].Str() == key.Item1 && g?["version"].Str() == key.Item2 && g?["kind"].Str() == key.Item3))
                    return name;
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
