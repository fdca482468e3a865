using System.Text;
using System.Text.Json.Nodes;
using Graylane.LocalCluster.Protobuf;
using Microsoft.AspNetCore.Http;

namespace Graylane.LocalCluster.Api;

/// <summary>Reads a POST/PUT/DELETE body into JSON, whatever encoding the client chose (JSON, YAML or Kubernetes protobuf).</summary>
internal static class RequestBodies
{
    public static async Task<JsonObject> ReadObjectAsync(HttpContext http) =>
        await ReadOptionalObjectAsync(http) ?? throw StatusObjects.BadRequest("the body of the request must be a JSON object");

    /// <summary>The body as an object, or null when it is empty (a DELETE without options).</summary>
    public static async Task<JsonObject?> ReadOptionalObjectAsync(HttpContext http)
    {
        using var buffer = new MemoryStream();
        await http.Request.Body.CopyToAsync(buffer, http.RequestAborted);
        var bytes = buffer.ToArray();
        if (bytes.Length == 0) return null;
        var contentType = http.Request.ContentType;
        if (KubernetesProtobuf.IsProtobuf(contentType)) return KubernetesProtobuf.Decode(bytes);
        return HttpJson.Parse(Encoding.UTF8.GetString(bytes), contentType) switch
        {
            null => null,
            JsonObject o => o,
            _ => throw StatusObjects.BadRequest("the body of the request must be a JSON object"),
        };
    }
}
