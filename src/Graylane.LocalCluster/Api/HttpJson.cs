using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Graylane.LocalCluster.Yaml;
using Microsoft.AspNetCore.Http;

namespace Graylane.LocalCluster.Api;

/// <summary>Reading request bodies and writing JSON answers.</summary>
internal static class HttpJson
{
    public static async Task WriteAsync(HttpContext ctx, int status, JsonNode body)
    {
        ctx.Response.StatusCode = status;
        ctx.Response.ContentType = "application/json";
        var bytes = Encoding.UTF8.GetBytes(body.ToJsonString());
        ctx.Response.ContentLength = bytes.Length;
        await ctx.Response.Body.WriteAsync(bytes, ctx.RequestAborted);
    }

    public static Task WriteErrorAsync(HttpContext ctx, ApiException e)
    {
        if (e.RetryAfterSeconds is { } s) ctx.Response.Headers.RetryAfter = s.ToString();
        return WriteAsync(ctx, e.Code, e.ToStatus());
    }

    public static async Task<string> ReadTextAsync(HttpContext ctx)
    {
        using var reader = new StreamReader(ctx.Request.Body, Encoding.UTF8);
        return await reader.ReadToEndAsync(ctx.RequestAborted);
    }

    /// <summary>Parses a body as JSON (or YAML when the content type says so); empty bodies are null.</summary>
    public static JsonNode? Parse(string text, string? contentType)
    {
        if (string.IsNullOrWhiteSpace(text)) return null;
        try
        {
            if (contentType?.Contains("yaml", StringComparison.OrdinalIgnoreCase) == true) return YamlJson.ParseSingle(text);
            return JsonNode.Parse(text);
        }
        catch (Exception e) when (e is JsonException or YamlDotNet.Core.YamlException)
        {
            throw StatusObjects.BadRequest($"the body of the request was in an unknown format or invalid: {e.Message}");
        }
    }

    public static JsonObject ParseObject(string text, string? contentType) =>
        Parse(text, contentType) as JsonObject ?? throw StatusObjects.BadRequest("the body of the request must be a JSON object");
}
