using System.Globalization;
using System.Text.Json.Nodes;
using Graylane.LocalCluster.Routing;
using Microsoft.AspNetCore.Http;

namespace Graylane.LocalCluster;

/// <summary>
/// GET /graylane/route?namespace=&amp;host=&amp;header=k=v&amp;cookie=k=v&amp;query=k=v&amp;path=/p&amp;gateway=&amp;ingress=&amp;count=N —
/// how `graylane sandbox request` asks a running sandbox which versions serve a request. The requests are served (see
/// <see cref="LocalClusterServer.Serve"/>): counted in /graylane/metrics, answered as the pods' fault annotations say.
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
            q["gateway"].ToString() is { Length: > 0 } g ? g : null)
        {
            Ingress = q["ingress"].ToString() is { Length: > 0 } i ? i : null,
        };
        var served = server.Serve(request, count); // counted in /graylane/metrics, as a real request would be
        var paths = served.Select(s => s.Path).ToList();
        var env = q["env"].ToString() is { Length: > 0 } e ? e : null;
        var texts = served.Select(s => env is null ? s.Text : WithEnvironment(s.Path, request.Namespace, env)).ToList();
        var answer = new JsonObject
        {
            ["paths"] = new JsonArray(paths.Select((path, i) => (JsonNode)new JsonObject
            {
                ["text"] = texts[i],
                ["error"] = path.Error,
                ["status"] = served[i].Status,
                ["hops"] = new JsonArray(path.Hops.Select(h => (JsonNode)new JsonObject
                {
                    ["service"] = h.Service, ["version"] = h.Version, ["pod"] = h.Pod, ["note"] = h.Note,
                }).ToArray()),
                ["mirrors"] = new JsonArray(path.Mirrors.Select(h => (JsonNode)JsonValue.Create(h.ToString())!).ToArray()),
            }).ToArray()),
            ["tally"] = RequestRouter.TallyTexts(texts),
        };
        http.Response.ContentType = "application/json";
        await http.Response.WriteAsync(answer.ToJsonString());
    }

    /// <summary>"-> web(v2) GREETING=hello-v2 -> api(v1) GREETING=(unset)": each hop with the variable as its pod sees it.</summary>
    private string WithEnvironment(RoutePath path, string ns, string name)
    {
        var hops = path.Hops.Select(h => h.Pod is null ? $"-> {h}" : $"-> {h} {server.ShowEnvironment(ns, h.Pod, name)}");
        var text = string.Join(" ", hops);
        return path.Error is null ? text : (text.Length == 0 ? "-> (!) " + path.Error : text + " " + path.Error);
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
