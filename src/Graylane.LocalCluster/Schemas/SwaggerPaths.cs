using System.Collections.Concurrent;

namespace Graylane.LocalCluster.Schemas;

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
