using System.Text.Json.Nodes;
using Graylane.LocalCluster.Patching;
using Graylane.LocalCluster.Schemas;

namespace Graylane.LocalCluster.Api;

/// <summary>Chooses the patch algorithm from the Content-Type, as the API server does.</summary>
internal static class PatchApplier
{
    public const string Json = "application/json-patch+json";
    public const string Merge = "application/merge-patch+json";
    public const string Strategic = "application/strategic-merge-patch+json";
    public const string Apply = "application/apply-patch+yaml";

    public static string MediaType(string? contentType) => (contentType ?? "").Split(';')[0].Trim().ToLowerInvariant();

    /// <summary>415 for media types this resource does not take (strategic merge on custom resources, as upstream).</summary>
    public static void CheckSupported(string mediaType, ServedResource r)
    {
        var supported = r.IsCustom ? new[] { Json, Merge, Apply } : new[] { Json, Merge, Strategic, Apply };
        if (!supported.Contains(mediaType))
            throw new ApiException(415, "UnsupportedMediaType",
                $"the body of the request was in an unknown format - accepted media types include: {string.Join(", ", supported)}");
    }

    /// <summary>Applies the patch to current (in the served version). kindGroup/Version/Kind select the strategic-merge schema.</summary>
    public static JsonObject ApplyPatch(string mediaType, JsonObject current, string body, string group, string version, string kind)
    {
        try
        {
            JsonNode? result = mediaType switch
            {
                Json => JsonPatch.Apply(current, HttpJson.Parse(body, "application/json")),
                Merge => JsonMergePatch.Apply(current, HttpJson.ParseObject(body, "application/json")),
                Strategic => StrategicMergePatch.Apply(current, HttpJson.ParseObject(body, "application/json"),
                    SwaggerDefinitions.ForKind(group, version, kind)),
                // Only the /scale subresource gets here (objects are applied through FieldManagement): the applied
                // fields are merged in; a Scale has no other fields to own.
                _ => ApplyApproximation(current, HttpJson.ParseObject(body, "application/yaml"), group, version, kind),
            };
            return result as JsonObject ?? throw StatusObjects.BadRequest("the patch result is not an object");
        }
        catch (PatchException e)
        {
            throw e.Code == 422 ? new ApiException(422, "Invalid", e.Message) : StatusObjects.BadRequest(e.Message);
        }
    }

    private static JsonNode ApplyApproximation(JsonObject current, JsonObject applied, string group, string version, string kind)
    {
        var schema = SwaggerDefinitions.ForKind(group, version, kind);
        return schema is null ? JsonMergePatch.Apply(current, applied)! : StrategicMergePatch.Apply(current, applied, schema);
    }
}
