using Graylane.Cli;

namespace Graylane.Tests.Lanes;

/// <summary>`graylane demo --scenario lanes` tells seed 002's story and prints each stage's request paths.</summary>
public class LanesDemoTests
{
    [Fact]
    public async Task The_lanes_demo_prints_the_seeds_paths_at_every_stage()
    {
        var stdout = new StringWriter();
        var stderr = new StringWriter();
        var code = await CommandDispatcher.RunAsync(["demo", "--scenario", "lanes"], new Dictionary<string, string>(), stdout, stderr, CancellationToken.None);
        var text = stdout.ToString();
        Assert.True(code == 0, text + stderr);
        string Stage(string heading) => text[text.IndexOf(heading, StringComparison.Ordinal)..][..Math.Min(2500, text.Length - text.IndexOf(heading, StringComparison.Ordinal))];
        Assert.Contains("-> mocka(dev-alice) -> mockb(v1) -> mockc(v1)", Stage("### 1."));
        Assert.Contains("-> mocka(v1) -> mockb(v1) -> mockc(dev-caros)", Stage("### 2."));
        var split = Stage("### 4.");
        Assert.Contains("Gateway istio-system/ingressgateway -> mocka: lane v1 80%, lane v2 20%", split);
        Assert.Matches(@"\s+\d+\s+[\d.]+%\s+-> mocka\(v1\) -> mockb\(v1\) -> mockc\(v1\)", split);
        Assert.Matches(@"\s+\d+\s+[\d.]+%\s+-> mocka\(v2\) -> mockb\(v1\) -> mockc\(v2\)", split);
        Assert.Contains("100 100.0%  -> mocka(v2) -> mockb(v1) -> mockc(v2)", Stage("### 6."));
        Assert.Contains("-> mocka(dev-alice) -> mockb(v1) -> mockc(v2)", Stage("### 6."));
        Assert.Contains("-> mocka(v2) -> mockb(dev-bob) -> mockc(v2)", Stage("### 7."));
        Assert.Contains("lane(s) v1 deleted", Stage("### 10."));
        Assert.Contains("100 100.0%  -> mocka(v2) -> mockb(v3) -> mockc(v2)", Stage("### 10."));
    }
}
