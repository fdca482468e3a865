using System.Globalization;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Http;

namespace Graylane.Tests.Approvals.Support;

/// <summary>
/// Prometheus' /api/v1/query: answers each query with the next scripted value (the last one repeats), or with what
/// Answer says for that query, as an instant vector, an empty vector for null, or Prometheus' error envelope for a
/// query it cannot parse.
/// </summary>
public sealed class FakePrometheus : IAsyncDisposable
{
    private readonly Lock _gate = new();
    private readonly Queue<string?> _values;
    private string? _last;
    private FakeHttpServer _server = null!;

    private FakePrometheus(IEnumerable<string?> values) => _values = new Queue<string?>(values);

    public Uri Url => _server.Url;
    public string? Token { get; init; }
    public List<string> Queries { get; } = [];

    /// <summary>The value for a query, when several gates ask different questions (instead of the script).</summary>
    public Func<string, string?>? Answer { get; set; }

    public static async Task<FakePrometheus> StartAsync(TimeProvider clock, params string?[] values) => await StartWithTokenAsync(clock, null, values);

    /// <summary>A Prometheus behind a bearer token (as behind an authenticating proxy).</summary>
    public static async Task<FakePrometheus> StartWithTokenAsync(TimeProvider clock, string? token, params string?[] values)
    {
        var fake = new FakePrometheus(values) { Token = token };
        fake._server = await FakeHttpServer.StartAsync(clock, fake.HandleAsync);
        return fake;
    }

    private async Task HandleAsync(HttpContext ctx, FakeRequest req)
    {
        if (Token is not null && req.Header("Authorization") != "Bearer " + Token)
        {
            ctx.Response.StatusCode = 401;
            await ctx.Response.WriteAsync("Unauthorized");
            return;
        }
        if (req.Path != "/api/v1/query")
        {
            ctx.Response.StatusCode = 404;
            return;
        }
        var query = ctx.Request.Query["query"].ToString();
        string? value;
        lock (_gate)
        {
            Queries.Add(query);
            value = Answer is { } answer ? answer(query) : _values.Count > 0 ? _last = _values.Dequeue() : _last;
        }
        if (query.Contains("syntax error", StringComparison.Ordinal))
        {
            ctx.Response.StatusCode = 400;
            await FakeGitHub.Json(ctx, new JsonObject { ["status"] = "error", ["errorType"] = "bad_data", ["error"] = "1:1: parse error: unexpected identifier \"syntax\"" });
            return;
        }
        var ts = JsonValue.Create(1_772_000_000.123);
        var result = value is null
            ? new JsonArray()
            : new JsonArray(new JsonObject { ["metric"] = new JsonObject(), ["value"] = new JsonArray(ts, value) });
        await FakeGitHub.Json(ctx, new JsonObject { ["status"] = "success", ["data"] = new JsonObject { ["resultType"] = "vector", ["result"] = result } });
    }

    public ValueTask DisposeAsync() => _server.DisposeAsync();
}
