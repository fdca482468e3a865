using System.Globalization;
using System.Text.Json;
using Microsoft.AspNetCore.Http;

namespace Graylane.LocalCluster.Metrics.PromQl;

/// <summary>
/// The Prometheus HTTP API's query endpoints (GET or form POST /api/v1/query?query=&amp;time=,
/// /api/v1/query_range?query=&amp;start=&amp;end=&amp;step=) over the local cluster's own request metrics, for the gate
/// templates' query shapes (<see cref="TemplateShapes"/>), so the demo and a sandbox need no Prometheus. Answers and
/// errors have Prometheus' envelope: {"status":"success","data":{"resultType":...,"result":...}} or
/// {"status":"error","errorType":"bad_data","error":"..."} with 400.
/// </summary>
internal sealed class PrometheusApi(SeriesHistory history, TimeProvider time)
{
    public const string QueryPath = "/api/v1/query";
    public const string RangePath = "/api/v1/query_range";
    private const int MaxPoints = 11000; // Prometheus' own limit per series

    private readonly PromQlEvaluator _evaluator = new(history);

    public bool Handles(PathString path) => path == QueryPath || path == RangePath;

    public async Task HandleAsync(HttpContext http)
    {
        if (!HttpMethods.IsGet(http.Request.Method) && !HttpMethods.IsPost(http.Request.Method))
        {
            await ErrorAsync(http, 405, "bad_data", $"method {http.Request.Method} not allowed");
            return;
        }
        var form = http.Request.HasFormContentType ? await http.Request.ReadFormAsync(http.RequestAborted) : null;
        string? Param(string name) =>
            http.Request.Query.TryGetValue(name, out var q) && q.Count > 0 ? q[0] : form is not null && form.TryGetValue(name, out var f) && f.Count > 0 ? f[0] : null;
        try
        {
            var range = http.Request.Path == RangePath;
            var text = Param("query") ?? "";
            PromExpr expr;
            try { expr = TemplateShapes.Check(text); }
            catch (PromQlException ex) { throw new PromQlException($"invalid parameter \"query\": {ex.Message}"); }
            if (!range)
            {
                var at = Param("time") is { } t ? Time("time", t) : time.GetUtcNow().ToUnixTimeMilliseconds();
                var value = _evaluator.Evaluate(expr, at);
                await WriteAsync(http, w => Instant(w, value, at));
                return;
            }
            var start = Time("start", Param("start") ?? throw new PromQlException("invalid parameter \"start\": cannot parse \"\" to a valid timestamp"));
            var end = Time("end", Param("end") ?? throw new PromQlException("invalid parameter \"end\": cannot parse \"\" to a valid timestamp"));
            if (end < start) throw new PromQlException("end timestamp must not be before start time");
            var step = Step(Param("step") ?? "");
            if ((end - start) / step > MaxPoints)
                throw new PromQlException("exceeded maximum resolution of 11,000 points per timeseries. Try decreasing the query resolution (?step=XX)");
            var points = new List<(long, QueryValue)>();
            for (var t = start; t <= end; t += step) points.Add((t, _evaluator.Evaluate(expr, t)));
            await WriteAsync(http, w => Matrix(w, points));
        }
        catch (PromQlException ex)
        {
            await ErrorAsync(http, 400, "bad_data", ex.Message);
        }
    }

    /// <summary>A timestamp parameter: unix seconds (with a fraction) or RFC 3339, as Prometheus takes them; unix ms back.</summary>
    private static long Time(string name, string text)
    {
        if (double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var seconds) && double.IsFinite(seconds))
            return (long)Math.Round(seconds * 1000);
        if (DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var when))
            return when.ToUnixTimeMilliseconds();
        throw new PromQlException($"invalid parameter \"{name}\": cannot parse \"{text}\" to a valid timestamp");
    }

    /// <summary>A step: seconds (with a fraction) or a duration (15s, 1m); ms back.</summary>
    private static long Step(string text)
    {
        var ms = double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var seconds) ? seconds * 1000
            : PromDurations.Parse(text) is { } d ? d.TotalMilliseconds
            : throw new PromQlException($"invalid parameter \"step\": cannot parse \"{text}\" to a valid duration");
        if (!(ms > 0)) throw new PromQlException("zero or negative query resolution step widths are not accepted. Try a positive integer");
        return (long)Math.Max(1, Math.Round(ms));
    }

    private static void Instant(Utf8JsonWriter w, QueryValue value, long at)
    {
        if (value.Scalar is { } scalar)
        {
            w.WriteString("resultType", "scalar");
            w.WritePropertyName("result");
            Point(w, at, scalar);
            return;
        }
        w.WriteString("resultType", "vector");
        w.WriteStartArray("result");
        foreach (var s in value.Vector)
        {
            w.WriteStartObject();
            Labels(w, s.Labels);
            w.WritePropertyName("value");
            Point(w, at, s.Value);
            w.WriteEndObject();
        }
        w.WriteEndArray();
    }

    /// <summary>A range query's answer: one series per label set, with its points in time order.</summary>
    private static void Matrix(Utf8JsonWriter w, List<(long Time, QueryValue Value)> points)
    {
        var series = new Dictionary<string, (IReadOnlyDictionary<string, string> Labels, List<(long, double)> Points)>(StringComparer.Ordinal);
        foreach (var (t, value) in points)
        {
            var samples = value.Scalar is { } s ? [new VectorSample(new Dictionary<string, string>(), s)] : value.Vector;
            foreach (var sample in samples)
            {
                if (!series.TryGetValue(sample.Key, out var entry)) series[sample.Key] = entry = (sample.Labels, []);
                entry.Points.Add((t, sample.Value));
            }
        }
        w.WriteString("resultType", "matrix");
        w.WriteStartArray("result");
        foreach (var (_, (labels, list)) in series.OrderBy(s => s.Key, StringComparer.Ordinal))
        {
            w.WriteStartObject();
            Labels(w, labels);
            w.WriteStartArray("values");
            foreach (var (t, v) in list) Point(w, t, v);
            w.WriteEndArray();
            w.WriteEndObject();
        }
        w.WriteEndArray();
    }

    private static void Labels(Utf8JsonWriter w, IReadOnlyDictionary<string, string> labels)
    {
        w.WriteStartObject("metric");
        foreach (var (k, v) in labels.OrderBy(l => l.Key, StringComparer.Ordinal)) w.WriteString(k, v);
        w.WriteEndObject();
    }

    /// <summary>[unix seconds, "value"]: the value a string so NaN and ±Inf survive, as Prometheus writes it.</summary>
    private static void Point(Utf8JsonWriter w, long unixMs, double value)
    {
        w.WriteStartArray();
        w.WriteRawValue((unixMs / 1000.0).ToString("0.###", CultureInfo.InvariantCulture));
        w.WriteStringValue(PromNumber.Format(value));
        w.WriteEndArray();
    }

    private static async Task WriteAsync(HttpContext http, Action<Utf8JsonWriter> data)
    {
        http.Response.ContentType = "application/json";
        using var buffer = new MemoryStream();
        using (var w = new Utf8JsonWriter(buffer))
        {
            w.WriteStartObject();
            w.WriteString("status", "success");
            w.WriteStartObject("data");
            data(w);
            w.WriteEndObject();
            w.WriteEndObject();
        }
        await http.Response.Body.WriteAsync(buffer.ToArray(), http.RequestAborted);
    }

    private static async Task ErrorAsync(HttpContext http, int status, string type, string message)
    {
        http.Response.StatusCode = status;
        http.Response.ContentType = "application/json";
        using var buffer = new MemoryStream();
        using (var w = new Utf8JsonWriter(buffer))
        {
            w.WriteStartObject();
            w.WriteString("status", "error");
            w.WriteString("errorType", type);
            w.WriteString("error", message);
            w.WriteEndObject();
        }
        await http.Response.Body.WriteAsync(buffer.ToArray(), http.RequestAborted);
    }
}
