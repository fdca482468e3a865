using System.Globalization;
using System.Text.Json.Nodes;
using Graylane.LocalCluster.Routing;
using Microsoft.AspNetCore.Http;

namespace Graylane.LocalCluster;

/// <summary>
/// GET /graylane/route?namespace=&amp;host=&amp;header=k=v&amp;cookie=k=v&amp;query=k=v&amp;path=/p&amp;gateway=&amp;count=N —
/// how `graylane sandbox request` asks a running sandbox which versions serve a request.
/// </summary>
internal sealed class RouteEndpoint(LocalClusterServer server)
{
    public const string Path = "/graylane/route";

    public async Task HandleAsync(HttpContext http)
    {
        var q = http.Request.Query;
        var host = q["host"].ToString();
        if (host.Length == 0)
        {
            http.Response.StatusCode = 400;
            await http.Response.WriteAsync("{\"message\":\"host is required\"}");
            return;
        }
        var count = int.TryParse(q["count"], NumberStyles.None, CultureInfo.InvariantCulture, out var n) ? Math.Clamp(n, 1, 10_000) : 1;
        var request = new RouteRequest(
            q["namespace"].ToString() is { Length: > 0 } ns ? ns : "default",
            host, Pairs(q["header"]), Pairs(q["cookie"]), Pairs(q["query"]),
            q["path"].ToString() is { Length: > 0 } p ? p : "/",
            q["gateway"].ToString() is { Length: > 0 } g ? g : null);
        var paths = server.Router.RouteMany(request, count);
        var answer = new JsonObject
        {
            ["paths"] = new JsonArray(paths.Select(path => (JsonNode)new JsonObject
            {
                ["text"] = path.Text,
                ["error"] = path.Error,
                ["hops"] = new JsonArray(path.Hops.Select(h => (JsonNode)new JsonObject
                {
                    ["service"] = h.Service, ["version"] = h.Version, ["pod"] = h.Pod, ["note"] = h.Note,
                }).ToArray()),
                ["mirrors"] = new JsonArray(path.Mirrors.Select(h => (JsonNode)JsonValue.Create(h.ToString())!).ToArray()),
            }).ToArray()),
            ["tally"] = RequestRouter.Tally(paths),
        };
        http.Response.ContentType = "application/json";
        await http.Response.WriteAsync(answer.ToJsonString());
    }

    private static Dictionary<string, string> Pairs(Microsoft.Extensions.Primitives.StringValues values)
    {
        var map = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        foreach (var v in values)
        {
            var eq = v?.IndexOf('=') ?? -1;
            if (eq > 0) map[v![..eq]] = v[(eq + 1)..];
        }
        return map;
    }
}
