using System.Globalization;
using System.Text.Json;
using Graylane.Approvals.Http;
using Graylane.Core.Validation;

namespace Graylane.Approvals.Gates;

/// <summary>Instant queries against the Prometheus HTTP API (GET /api/v1/query), with an optional bearer token.</summary>
public sealed class PrometheusClient
{
    public const string UrlInput = "prometheus-url";
    public const string TokenInput = "prometheus-token";
    private readonly RestClient _rest;
    private readonly string _base;

    public PrometheusClient(HttpClient http, Uri baseUrl, string? token, TimeProvider time, Action<string> log)
    {
        _base = baseUrl.ToString().TrimEnd('/');
        _rest = new RestClient(http, "Prometheus", time, log, request =>
        {
            if (token is not null) request.Headers.TryAddWithoutValidation("Authorization", "Bearer " + token);
        });
    }

    /// <summary>The single number the query returns. Throws PrometheusQueryException when there is none.</summary>
    public async Task<double> QueryAsync(string query, CancellationToken ct)
    {
        var r = await _rest.SendAsync(HttpMethod.Get, $"{_base}/api/v1/query?query={Uri.EscapeDataString(query)}", null, ct);
        if ((int)r.Status is 401 or 403)
            throw new InvalidInputException(TokenInput, $"Prometheus at {_base} refused the query ({(int)r.Status}): give a bearer token it accepts in {TokenInput}");
        PromResponse? body = null;
        try { body = JsonSerializer.Deserialize(r.Body, PrometheusJson.Default.PromResponse); }
        catch (JsonException) { }
        if (body is null)
        {
            if (RateLimitWait.IsServerError(r.Status) || !r.IsSuccess)
                throw new PrometheusQueryException($"Prometheus answered {(int)r.Status}", badQuery: false);
            throw new ApprovalServiceException($"{_base} did not answer as the Prometheus HTTP API does (is --{UrlInput} right?)", transient: false);
        }
        if (body.Status != "success")
            throw new PrometheusQueryException($"Prometheus error {body.ErrorType}: {body.Error}", body.ErrorType == "bad_data");
        return Value(body.Data);
    }

    private static double Value(PromData? data)
    {
        if (data is null) throw new PrometheusQueryException("no data in the answer", false);
        var result = data.Result;
        switch (data.ResultType)
        {
            case "scalar":
                return Sample(result);
            case "vector":
                var n = result.GetArrayLength();
                if (n == 0) throw new PrometheusQueryException("no data (the query matched no series)", false);
                if (n > 1) throw new PrometheusQueryException($"{n} series; aggregate the query to one number, e.g. with sum(...)", false);
                return Sample(result[0].GetProperty("value"));
            default:
                throw new PrometheusQueryException($"a {data.ResultType} result; a gate needs an instant vector with one series or a scalar", true);
        }
    }

    /// <summary>A sample is [unix time, "value"]; values are strings so NaN and ±Inf survive.</summary>
    private static double Sample(JsonElement pair)
    {
        var text = pair[1].GetString() ?? "";
        return text switch
        {
            "NaN" => double.NaN,
            "+Inf" => double.PositiveInfinity,
            "-Inf" => double.NegativeInfinity,
            _ => double.Parse(text, NumberStyles.Float, CultureInfo.InvariantCulture),
        };
    }
}
