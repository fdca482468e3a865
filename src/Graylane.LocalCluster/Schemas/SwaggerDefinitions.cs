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

/// <summary>Per-resource facts read from the swagger paths.</summary>
internal static class SwaggerPaths
{
    private static readonly ConcurrentDictionary<string, bool> DeleteReturnsStatus = new();

    /// <summary>
    /// Whether an immediate delete answers with a Status (deployments, configmaps) or with the deleted object
    /// (services, namespaces, pods), as the swagger's delete response schema says. Custom resources: the object.
    /// </summary>
    public static bool DeleteAnswersStatus(ServedResource r)
    {
        if (r.IsCustom) return false;
        var prefix = r.Group.Length == 0 ? $"/api/{r.Version}" : $"/apis/{r.Group}/{r.Version}";
        var path = r.Namespaced ? $"{prefix}/namespaces/{{namespace}}/{r.Plural}/{{name}}" : $"{prefix}/{r.Plural}/{{name}}";
        return DeleteReturnsStatus.GetOrAdd(path, p =>
        {
            var schemaRef = EmbeddedSchemas.Swagger["paths"]?[p]?["delete"]?["responses"]?["200"]?["schema"]?["$ref"].Str();
            return schemaRef is null || schemaRef.EndsWith(".Status", StringComparison.Ordinal);
        });
    }
}
