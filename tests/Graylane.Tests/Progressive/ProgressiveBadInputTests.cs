using Graylane.Tests.Approvals.Support;

namespace Graylane.Tests.Progressive;

/// <summary>Bad input to shift-traffic --steps is refused before any write, exit 2, naming the input and what would be valid.</summary>
public class ProgressiveBadInputTests
{
    public static TheoryData<string, string[], string> Cases => new()
    {
        { "steps", ["steps=50,25"], "25 does not come after 50" },
        { "steps", ["steps=5,120"], "\"120\" is not a percentage from 1 to 100" },
        { "step-interval", ["steps=5,100", "step-interval=500ms"], "from 1s to 24h" },
        { "step-interval", ["steps=5,100", "step-interval=25h"], "from 1s to 24h" },
        { "step-interval", ["steps=5,100", "step-interval=2d"], "is not a duration" },
        { "steps", ["steps=0,50"], "\"0\" is not a percentage from 1 to 100" },
        { "weight", ["steps=5,100", "weight=5"], "--weight and --steps cannot be combined" },
        { "on-fail", ["steps=5,100", "on-fail=ignore"], "use rollback" },
        { "gate", ["steps=5,100", "gate=error-rate:max=0.01"], "unknown template \"error-rate\"" },
        { "gate", ["steps=5,100", "gate=webhook=ftp://loadtester/check"], "is not an http(s) URL" },
        { "prometheus-url", ["steps=5,100", "gate=success-rate:min=0.99"], "needs --prometheus-url" },
        { "step-interval", ["weight=5", "step-interval=1m"], "--step-interval needs --steps" },
        { "failure-limit", ["steps=5,100", "failure-limit=0"], "at least 1" },
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public async Task Refused_before_any_write(string input, string[] given, string why)
    {
        await using var s = await ProgressiveScenario.StartAsync();
        var writes = await s.Cluster.WritesAsync();
        var (code, host) = await s.ShiftAsync(SkipAheadClock.StartingAt2026(), [.. given.Select(g => (g[..g.IndexOf('=')], g[(g.IndexOf('=') + 1)..]))]);
        Assert.True(code == 2, host.Log);
        var error = Assert.Single(host.Errors);
        Assert.Contains(why, error);
        Assert.Contains($"--{input}", error);
        Assert.Equal(writes, await s.Cluster.WritesAsync());
    }

    [Fact]
    public async Task Steps_with_a_router_that_cannot_weight_name_the_routers_that_can()
    {
        await using var s = await ProgressiveScenario.StartAsync(router: "service");
        var writes = await s.Cluster.WritesAsync();
        var (code, host) = await s.ShiftAsync(SkipAheadClock.StartingAt2026(), ("steps", "5,50,100"));
        Assert.True(code == 2, host.Log);
        Assert.Contains("--steps 5,50,100 is not possible with --router service", Assert.Single(host.Errors));
        Assert.Contains("Routers that can split traffic by weight: --router istio", host.Errors[0]);
        Assert.Equal(writes, await s.Cluster.WritesAsync());
    }

    [Fact]
    public async Task A_template_on_a_plain_service_needs_your_own_query()
    {
        await using var s = await ProgressiveScenario.StartAsync(router: "service");
        var clock = SkipAheadClock.StartingAt2026();
        await using var prom = await FakePrometheus.StartAsync(clock, "1");
        var writes = await s.Cluster.WritesAsync();
        var (code, host) = await s.ShiftAsync(clock, ("steps", "100"), ("gate", "success-rate:min=0.99"), ("prometheus-url", prom.Url.ToString()));
        Assert.True(code == 2, host.Log);
        Assert.Contains("--router service needs your own query", Assert.Single(host.Errors));
        Assert.Equal(writes, await s.Cluster.WritesAsync());
        Assert.Empty(prom.Queries);
    }

    [Fact]
    public async Task A_query_Prometheus_rejects_is_refused_with_its_error_quoted()
    {
        await using var s = await ProgressiveScenario.StartAsync();
        var clock = SkipAheadClock.StartingAt2026();
        await using var prom = await FakePrometheus.StartAsync(clock, "1");
        var writes = await s.Cluster.WritesAsync();
        var (code, host) = await s.ShiftAsync(clock, ("steps", "10,100"), ("gate", "name=bad;query=syntax error here;min=1"), ("prometheus-url", prom.Url.ToString()));
        Assert.True(code == 2, host.Log);
        Assert.Contains("--gate bad: Prometheus rejected the query: Prometheus error bad_data: 1:1: parse error: unexpected identifier \"syntax\"", Assert.Single(host.Errors));
        Assert.Equal(writes, await s.Cluster.WritesAsync());
    }
}
