using System.Globalization;
using System.Text.Json.Nodes;

namespace Graylane.Tests.Prometheus;

/// <summary>
/// Instant queries against a Prometheus HTTP API — a real Prometheus (<see cref="RealPrometheus"/>) or the local cluster's
/// own (LocalClusterServer.PrometheusUrl) — read the way a test wants them: one number or null.
/// </summary>
public sealed class PrometheusEndpoint(Uri url)
{
    private static readonly HttpClient Http = new() { Timeout = TimeSpan.FromSeconds(10) };

    public Uri Url { get; } = url;

    /// <summary>The query's single value once it has one (the history holds two samples of the series), or null when it gets none in time.</summary>
    public async Task<double?> WaitForValueAsync(string query, TimeSpan? within = null)
    {
        var deadline = DateTime.UtcNow + (within ?? TimeSpan.FromSeconds(45));
        while (DateTime.UtcNow < deadline)
        {
            if (await QueryAsync(query) is { } v && double.IsFinite(v)) return v;
            await Task.Delay(250);
        }
        return null;
    }

    /// <summary>An instant query's value (at the given time, else now) when it returns exactly one sample, else null; a rejected query throws with the answer.</summary>
    public async Task<double?> QueryAsync(string query, DateTimeOffset? at = null)
    {
        var body = await RawAsync(query, at);
        var json = JsonNode.Parse(body)!;
        if ((string?)json["status"] != "success") throw new InvalidOperationException(body);
        var result = json["data"]!["result"];
        if ((string?)json["data"]!["resultType"] == "scalar") return Parse((string?)result![1]);
        return result is JsonArray { Count: 1 } a ? Parse((string?)a[0]!["value"]![1]) : null;
    }

    /// <summary>The answer's body as it came, whatever its status.</summary>
    public async Task<string> RawAsync(string query, DateTimeOffset? at = null)
    {
        var time = at is { } t ? "&time=" + (t.ToUnixTimeMilliseconds() / 1000.0).ToString("0.###", CultureInfo.InvariantCulture) : "";
        using var r = await Http.GetAsync(new Uri(Url, "api/v1/query?query=" + Uri.EscapeDataString(query) + time));
        return await r.Content.ReadAsStringAsync();
    }

    private static double Parse(string? s) => s switch
    {
        "NaN" => double.NaN,
        "+Inf" => double.PositiveInfinity,
        "-Inf" => double.NegativeInfinity,
        _ => double.Parse(s!, CultureInfo.InvariantCulture),
    };
}
