using System.Globalization;
using System.Text.Json.Nodes;
using Graylane.LocalCluster.Routing;
using Microsoft.AspNetCore.Http;

namespace Graylane.LocalCluster.Traffic;

/// <summary>
/// /graylane/traffic — how `graylane sandbox traffic` drives a running sandbox's generator:
/// POST ?host=&amp;namespace=&amp;gateway=&amp;ingress=&amp;header=k=v&amp;cookie=k=v&amp;query=k=v&amp;path=&amp;rps=&amp;duration=&lt;seconds&gt; starts one,
/// DELETE [?id=] stops one or all, GET lists them.
/// </summary>
internal sealed class TrafficEndpoint(TrafficGenerator traffic)
{
    public const string Path = "/graylane/traffic";

    public async Task HandleAsync(HttpContext http)
    {
        var q = http.Request.Query;
        JsonNode answer;
        switch (http.Request.Method)
        {
            case "POST":
                var host = q["host"].ToString();
                if (host.Length == 0) { await FailAsync(http, "host is required"); return; }
                if (!double.TryParse(q["rps"], NumberStyles.Float, CultureInfo.InvariantCulture, out var rps) || !(rps > 0) || rps > TrafficGenerator.MaxRequestsPerSecond)
                { await FailAsync(http, $"rps must be a number above 0 and at most {TrafficGenerator.MaxRequestsPerSecond}"); return; }
                if (!double.TryParse(q["duration"], NumberStyles.Float, CultureInfo.InvariantCulture, out var seconds) || !(seconds > 0) || seconds > TrafficGenerator.MaxDuration.TotalSeconds)
                { await FailAsync(http, $"duration must be seconds above 0 and at most {TrafficGenerator.MaxDuration.TotalSeconds}"); return; }
                var request = new RouteRequest(
                    q["namespace"].ToString() is { Length: > 0 } ns ? ns : "default",
                    host, Pairs(q["header"]), Pairs(q["cookie"]), Pairs(q["query"]),
                    q["path"].ToString() is { Length: > 0 } p ? p : "/",
                    q["gateway"].ToString() is { Length: > 0 } g ? g : null)
                {
                    Ingress = q["ingress"].ToString() is { Length: > 0 } ing ? ing : null,
                };
                answer = Describe(traffic.Start(request, rps, TimeSpan.FromSeconds(seconds)));
                break;
            case "DELETE":
                int? id = int.TryParse(q["id"], NumberStyles.None, CultureInfo.InvariantCulture, out var i) ? i : null;
                answer = new JsonObject { ["stopped"] = new JsonArray((await traffic.StopAsync(id)).Select(r => Describe(r)).ToArray()) };
                break;
            default:
                answer = new JsonObject { ["runs"] = new JsonArray(traffic.Runs.Select(r => Describe(r)).ToArray()) };
                break;
        }
        http.Response.ContentType = "application/json";
        await http.Response.WriteAsync(answer.ToJsonString());
    }

    private static JsonNode Describe(TrafficRun r) => new JsonObject
    {
        ["id"] = r.Id,
        ["host"] = r.Request.Host,
        ["namespace"] = r.Request.Namespace,
        ["gateway"] = r.Request.Gateway,
        ["ingress"] = r.Request.Ingress,
        ["rps"] = r.RequestsPerSecond,
        ["until"] = r.Until.ToString("yyyy-MM-ddTHH:mm:ssZ", CultureInfo.InvariantCulture),
        ["running"] = r.Running,
        ["sent"] = r.Sent,
        ["failed"] = r.Failed,
        ["error"] = r.Error,
    };

    private static async Task FailAsync(HttpContext http, string message)
    {
        http.Response.StatusCode = 400;
        http.Response.ContentType = "application/json";
        await http.Response.WriteAsync(new JsonObject { ["message"] = message }.ToJsonString());
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
