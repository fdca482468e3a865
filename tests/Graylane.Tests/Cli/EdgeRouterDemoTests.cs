using System.Text.RegularExpressions;
using Graylane.Cli;

namespace Graylane.Tests.Cli;

/// <summary>`graylane demo --scenario gateway-api|nginx`: the whole canary through the edge router, the split observed after each step.</summary>
public class EdgeRouterDemoTests
{
    private static async Task<string> RunAsync(string scenario)
    {
        var stdout = new StringWriter();
        var stderr = new StringWriter();
        var code = await CommandDispatcher.RunAsync(["demo", "--scenario", scenario], new Dictionary<string, string>(), stdout, stderr, CancellationToken.None);
        var text = stdout.ToString();
        Assert.True(code == 0, text + stderr);
        return text;
    }

    private static string Section(string text, string from, string to) =>
        text[text.IndexOf(from, StringComparison.Ordinal)..text.IndexOf(to, StringComparison.Ordinal)];

    private static void AboutAFifthOnV2(string afterShift)
    {
        var v2 = Regex.Match(afterShift, @"After the step, 100 sample requests[^\n]*:\n(?:[^\n]*\n)*?\s+(\d+) +[\d.]+%  -> web-v2\(v2\)");
        Assert.True(v2.Success, afterShift);
        Assert.InRange(int.Parse(v2.Groups[1].Value), 5, 40); // 20 of 100, give or take chance
    }

    [Fact]
    public async Task Gateway_api_demo_splits_the_users_rule_and_gives_it_back_at_promote()
    {
        var text = await RunAsync("gateway-api");
        Assert.Contains("Before the release, 100 sample requests to shop.example.com at gateway infra/public:\n  100 100.0%  -> web(web)", text);
        var shift = Section(text, "### 2.", "### 3.");
        AboutAFifthOnV2(shift);
        Assert.Contains("With x-canary: true, 100 sample requests to shop.example.com at gateway infra/public:\n  100 100.0%  -> web-v2(v2)", shift);
        var promote = text[text.IndexOf("### 4.", StringComparison.Ordinal)..];
        Assert.Contains("rule \"main\" back to Service web alone, as you had it", promote);
        Assert.Contains("Deleted Service web-v2, created for the release", promote);
        Assert.Contains("100 100.0%  -> web(v2)", promote);
    }

    [Fact]
    public async Task Nginx_demo_steers_the_canary_ingress_and_removes_it_at_promote()
    {
        var text = await RunAsync("nginx");
        Assert.Contains("Before the release, 100 sample requests to shop.example.com through Ingress web:\n  100 100.0%  -> web(web)", text);
        var shift = Section(text, "### 2.", "### 3.");
        Assert.Contains("Ingress web-canary: canary-by-header x-canary, canary-by-header-value true, canary-weight 20", shift);
        AboutAFifthOnV2(shift);
        Assert.Contains("With x-canary: true, 100 sample requests to shop.example.com through Ingress web:\n  100 100.0%  -> web-v2(v2)", shift);
        var promote = text[text.IndexOf("### 4.", StringComparison.Ordinal)..];
        Assert.Contains("Deleted Ingress web-canary, created for the release; Ingress web serves v2 through Service web", promote);
        Assert.Contains("100 100.0%  -> web(v2)", promote);
    }
}
