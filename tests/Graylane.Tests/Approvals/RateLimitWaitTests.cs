using System.Net;
using Graylane.Approvals.GitHub;
using Graylane.Approvals.Http;

namespace Graylane.Tests.Approvals;

/// <summary>How long to back off, from the headers GitHub and Azure DevOps send.</summary>
public class RateLimitWaitTests
{
    private static readonly DateTimeOffset Now = new(2026, 3, 1, 9, 0, 0, TimeSpan.Zero);

    private static RestResponse R(int status, string body = "{}", params (string, string)[] headers) =>
        new((HttpStatusCode)status, body, headers.ToDictionary(h => h.Item1, h => h.Item2, StringComparer.OrdinalIgnoreCase), false);

    [Fact]
    public void Retry_after_seconds_wins()
    {
        Assert.Equal(TimeSpan.FromSeconds(30), RateLimitWait.From(R(429, "{}", ("Retry-After", "30")), Now, 1)!.Value.Wait);
        Assert.Equal(TimeSpan.FromSeconds(12), RateLimitWait.From(R(503, "{}", ("Retry-After", "12")), Now, 1)!.Value.Wait);
    }

    [Fact]
    public void A_used_up_primary_limit_waits_until_the_reset()
    {
        var reset = Now.AddMinutes(7).ToUnixTimeSeconds().ToString();
        var wait = RateLimitWait.From(R(403, "{}", ("x-ratelimit-remaining", "0"), ("x-ratelimit-reset", reset)), Now, 1);
        Assert.Equal(TimeSpan.FromMinutes(7) + TimeSpan.FromSeconds(1), wait!.Value.Wait);
    }

    [Fact]
    public void The_secondary_limit_backs_off_exponentially_from_a_minute()
    {
        var body = "{\"message\":\"You have exceeded a secondary rate limit\"}";
        Assert.Equal(TimeSpan.FromMinutes(1), RateLimitWait.From(R(403, body), Now, 1)!.Value.Wait);
        Assert.Equal(TimeSpan.FromMinutes(4), RateLimitWait.From(R(403, body), Now, 3)!.Value.Wait);
    }

    [Fact]
    public void A_permission_refusal_is_not_a_rate_limit() =>
        Assert.Null(RateLimitWait.From(R(403, "{\"message\":\"Resource not accessible by integration\"}", ("x-ratelimit-remaining", "4999")), Now, 1));

    [Fact]
    public void Link_headers_give_the_next_page()
    {
        Assert.Equal("https://api.example/x?page=2",
            LinkHeader.Next("<https://api.example/x?page=2>; rel=\"next\", <https://api.example/x?page=5>; rel=\"last\""));
        Assert.Null(LinkHeader.Next("<https://api.example/x?page=1>; rel=\"prev\""));
    }
}
