using System.Net;
using System.Net.Http.Headers;
using System.Text;
using Graylane.Core.Validation;

namespace Graylane.Approvals.Http;

/// <summary>
/// Sends REST requests for one service with what long polling needs: conditional GETs (If-None-Match; a 304
/// is answered from the cache and, on GitHub, costs no rate limit), waits on rate limits and Retry-After,
/// a pause when the remaining quota reaches 0, and a few retries on server errors. Every wait uses the
/// given TimeProvider. Credentials are added by <paramref name="authorize"/> and never appear in messages.
/// </summary>
public sealed class RestClient(HttpClient http, string service, TimeProvider time, Action<string> log, Action<HttpRequestMessage> authorize)
{
    private const int MaxAttempts = 6;
    private const int MaxServerErrorAttempts = 3;
    private readonly Dictionary<string, (string ETag, string Body)> _cache = new(StringComparer.Ordinal);
    private DateTimeOffset _pausedUntil = DateTimeOffset.MinValue;

    public string Service { get; } = service;

    public async Task<RestResponse> SendAsync(HttpMethod method, string url, string? body, CancellationToken ct, string contentType = "application/json")
    {
        for (var attempt = 1; ; attempt++)
        {
            await WaitForQuotaAsync(ct);
            var response = await SendOnceAsync(method, url, body, contentType, ct);
            if (RateLimitWait.From(response, time.GetUtcNow(), attempt) is { } wait && attempt < MaxAttempts)
            {
                log($"{Service} rate limit ({wait.Why}): waiting {Durations.Format(wait.Wait)} before asking again");
                await Task.Delay(wait.Wait, time, ct);
                continue;
            }
            if (RateLimitWait.IsServerError(response.Status) && attempt < MaxServerErrorAttempts)
            {
                var backoff = TimeSpan.FromSeconds(2 << attempt);
                log($"{Service} answered {(int)response.Status}; retrying in {Durations.Format(backoff)}");
                await Task.Delay(backoff, time, ct);
                continue;
            }
            RememberQuota(response);
            return response;
        }
    }

    private async Task<RestResponse> SendOnceAsync(HttpMethod method, string url, string? body, string contentType, CancellationToken ct)
    {
        using var request = new HttpRequestMessage(method, url);
        authorize(request);
        var cached = method == HttpMethod.Get && _cache.TryGetValue(url, out var c) ? c : ((string ETag, string Body)?)null;
        if (cached is { } hit) request.Headers.TryAddWithoutValidation("If-None-Match", hit.ETag);
        if (body is not null)
        {
            request.Content = new StringContent(body, Encoding.UTF8);
            request.Content.Headers.ContentType = new MediaTypeHeaderValue(contentType) { CharSet = "utf-8" };
        }
        HttpResponseMessage response;
        try
        {
            response = await http.SendAsync(request, ct);
        }
        catch (HttpRequestException ex)
        {
            throw new ApprovalServiceException($"cannot reach {Service} at {Origin(url)}: {ex.Message}", transient: true);
        }
        catch (TaskCanceledException) when (!ct.IsCancellationRequested)
        {
            throw new ApprovalServiceException($"{Service} at {Origin(url)} did not answer in time", transient: true);
        }
        using (response)
        {
            var text = await response.Content.ReadAsStringAsync(ct);
            var headers = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
            foreach (var h in response.Headers.Concat(response.Content.Headers))
                headers[h.Key] = string.Join(",", h.Value);
            if (response.StatusCode == HttpStatusCode.NotModified && cached is { } same)
                return new RestResponse(HttpStatusCode.OK, same.Body, headers, FromCache: true);
            if (method == HttpMethod.Get && response.IsSuccessStatusCode && response.Headers.ETag is { } etag)
                _cache[url] = (etag.ToString(), text);
            return new RestResponse(response.StatusCode, text, headers, FromCache: false);
        }
    }

    /// <summary>A success that used the last of the quota: the next request waits for the reset instead of being refused.</summary>
    private void RememberQuota(RestResponse r)
    {
        if (r.IsSuccess && r.Header("x-ratelimit-remaining") == "0" && RateLimitWait.ResetTime(r) is { } reset)
            _pausedUntil = reset + TimeSpan.FromSeconds(1);
    }

    private async Task WaitForQuotaAsync(CancellationToken ct)
    {
        var wait = _pausedUntil - time.GetUtcNow();
        if (wait <= TimeSpan.Zero) return;
        log($"{Service} rate limit used up: waiting {Durations.Format(wait)} until it resets");
        await Task.Delay(wait, time, ct);
    }

    private static string Origin(string url) => Uri.TryCreate(url, UriKind.Absolute, out var u) ? u.GetLeftPart(UriPartial.Authority) : url;
}
