using System.Globalization;
using System.Net;

namespace Graylane.Approvals.Http;

/// <summary>
/// How long to wait before asking again, read from a refused response: Retry-After (seconds or a date),
/// X-RateLimit-Remaining 0 with X-RateLimit-Reset (epoch seconds; GitHub, Azure DevOps), or GitHub's
/// secondary limit, which gives neither — then back off exponentially from a minute, as GitHub asks.
/// </summary>
public static class RateLimitWait
{
    private static readonly TimeSpan MaxWait = TimeSpan.FromHours(1);

    /// <summary>The wait and why, or null when the response is not a rate-limit refusal.</summary>
    public static (TimeSpan Wait, string Why)? From(RestResponse r, DateTimeOffset now, int attempt)
    {
        var status = (int)r.Status;
        if (status is not (403 or 429 or 503)) return null;
        if (r.Header("retry-after") is { } retryAfter)
        {
            if (int.TryParse(retryAfter, NumberStyles.None, CultureInfo.InvariantCulture, out var seconds))
                return (Clamp(TimeSpan.FromSeconds(seconds)), $"Retry-After {seconds}s");
            if (DateTimeOffset.TryParse(retryAfter, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var at))
                return (Clamp(at - now), $"Retry-After {at:u}");
        }
        if (status == 503) return null;
        if (r.Header("x-ratelimit-remaining") == "0" && ResetTime(r) is { } reset)
            return (Clamp(reset - now + TimeSpan.FromSeconds(1)), $"rate limit used up until {reset:u}");
        if (r.Body.Contains("secondary rate limit", StringComparison.OrdinalIgnoreCase) || status == 429)
            return (Clamp(TimeSpan.FromMinutes(Math.Pow(2, Math.Min(attempt - 1, 4)))), "secondary rate limit");
        return null;
    }

    /// <summary>X-RateLimit-Reset as a time, when given.</summary>
    public static DateTimeOffset? ResetTime(RestResponse r) =>
        long.TryParse(r.Header("x-ratelimit-reset"), NumberStyles.None, CultureInfo.InvariantCulture, out var epoch)
            ? DateTimeOffset.FromUnixTimeSeconds(epoch)
            : null;

    private static TimeSpan Clamp(TimeSpan t) => t < TimeSpan.FromSeconds(1) ? TimeSpan.FromSeconds(1) : t > MaxWait ? MaxWait : t;

    internal static bool IsServerError(HttpStatusCode status) => (int)status is >= 500 and < 600;
}
