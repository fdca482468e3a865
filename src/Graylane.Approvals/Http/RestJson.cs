using System.Text.Json;
using System.Text.Json.Serialization.Metadata;

namespace Graylane.Approvals.Http;

/// <summary>Source-generated JSON in and out of a REST answer, shared by the GitHub and Azure DevOps clients.</summary>
public static class RestJson
{
    public static string Write<T>(T value, JsonTypeInfo<T> info) => JsonSerializer.Serialize(value, info);

    /// <summary>The answer's body as T; a body that is not the expected JSON is a transient service error naming the service.</summary>
    public static T Read<T>(RestResponse r, JsonTypeInfo<T> info, string service)
    {
        try
        {
            return JsonSerializer.Deserialize(r.Body, info) ?? throw new JsonException("empty body");
        }
        catch (JsonException ex)
        {
            throw new ApprovalServiceException($"{service} sent an answer that is not the expected JSON: {ex.Message}", transient: true);
        }
    }
}
