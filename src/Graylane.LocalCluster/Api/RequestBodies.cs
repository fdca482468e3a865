using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Http;

namespace Graylane.LocalCluster.Api;

/// <summary>Reads a POST/PUT body into JSON, whatever encoding the client chose (JSON or YAML).</summary>
internal static class RequestBodies
{
    public static async Task<JsonObject> ReadObjectAsync(HttpContext http) =>
        HttpJson.ParseObject(await HttpJson.ReadTextAsync(http), http.Request.ContentType);
}
