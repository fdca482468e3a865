using Graylane.Cli;
using Graylane.Tests.Support;

namespace Graylane.Tests.Cli;

/// <summary>The README's first command and the sandbox's request command, run as a user runs them.</summary>
public class LocalClusterCommandTests
{
    [Fact]
    public async Task Demo_runs_the_whole_blue_green_release_and_shows_who_serves_requests()
    {
        var stdout = new StringWriter();
        var stderr = new StringWriter();
        var code = await CommandDispatcher.RunAsync(["demo"], new Dictionary<string, string>(), stdout, stderr, CancellationToken.None);

        var text = stdout.ToString();
        Assert.True(code == 0, text + stderr);
        Assert.Contains("Before the release, 20 sample requests to nginx-service:\n   20 100.0%  -> nginx-service(v1)", text);
        Assert.Contains("### 2. shift-traffic", text);
        Assert.Contains("### 7. rollback after promote", text);
        // After the rollback of v3 (promoted), v2 serves again.
        var afterRollback = text[text.IndexOf("### 7.", StringComparison.Ordinal)..];
        Assert.Contains("-> nginx-service(v2)", afterRollback);
        Assert.DoesNotContain("-> nginx-service(v3)", afterRollback);
    }

    [Fact]
    public async Task Istio_canary_demo_shows_the_observed_split_and_the_testers_route()
    {
        var stdout = new StringWriter();
        var stderr = new StringWriter();
        var code = await CommandDispatcher.RunAsync(["demo", "--scenario", "istio-canary"], new Dictionary<string, string>(), stdout, stderr, CancellationToken.None);

        var text = stdout.ToString();
        Assert.True(code == 0, text + stderr);
        var afterHalf = text[text.IndexOf("### 2.", StringComparison.Ordinal)..text.IndexOf("### 3.", StringComparison.Ordinal)];
        var v2 = System.Text.RegularExpressions.Regex.Match(afterHalf, @"(\d+) +[\d.]+%  -> reviews\(v2\)");
        Assert.True(v2.Success, afterHalf);
        Assert.InRange(int.Parse(v2.Groups[1].Value), 60, 140); // about half of 200
        Assert.Contains("With end-user: jason, 200 sample requests to reviews:\n  200 100.0%  -> reviews(v2)", text);
        Assert.Contains("Deleted VirtualService graylane-reviews, created for the release", text);
    }

    [Fact]
    public async Task Unknown_demo_scenario_is_refused()
    {
        var stderr = new StringWriter();
        Assert.Equal(2, await CommandDispatcher.RunAsync(["demo", "--scenario", "nope"], new Dictionary<string, string>(), new StringWriter(), stderr, CancellationToken.None));
        Assert.Contains("scenarios: blue-green, istio-canary", stderr.ToString());
    }

    [Fact]
    public async Task Sandbox_request_prints_one_path_per_request_and_a_tally()
    {
        await using var c = await ClusterFixture.StartAsync();
        Assert.Equal(0, (await c.RunAsync("deploy-gray", ("service", "nginx-service"), ("image", "nginx:1.27"), ("version", "v2"))).Code);
        Assert.Equal(0, (await c.RunAsync("shift-traffic", ("app", "nginx-service"), ("weight", "100"))).Code);
        var stdout = new StringWriter();

        var code = await CommandDispatcher.RunAsync(
            ["sandbox", "request", "--kubeconfig", c.Kubeconfig, "--host", "nginx-service", "--header", "x-user=qa", "--count", "5"],
            new Dictionary<string, string>(), stdout, new StringWriter(), CancellationToken.None);

        Assert.Equal(0, code);
        var lines = stdout.ToString().Split('\n');
        Assert.Equal(5, lines.Count(l => l == "-> nginx-service(v2)"));
        Assert.Contains(lines, l => l.Contains("5 100.0%  -> nginx-service(v2)"));
    }

    [Fact]
    public async Task Help_lists_steps_and_step_help_lists_flags()
    {
        var stdout = new StringWriter();
        Assert.Equal(0, await CommandDispatcher.RunAsync(["help"], new Dictionary<string, string>(), stdout, new StringWriter(), CancellationToken.None));
        Assert.Contains("deploy-gray", stdout.ToString());
        stdout = new StringWriter();
        Assert.Equal(0, await CommandDispatcher.RunAsync(["deploy-gray", "--help"], new Dictionary<string, string>(), stdout, new StringWriter(), CancellationToken.None));
        Assert.Contains("--keep-on-failure", stdout.ToString());
        var stderr = new StringWriter();
        Assert.Equal(2, await CommandDispatcher.RunAsync(["deploy-gray", "--imag", "x"], new Dictionary<string, string>(), new StringWriter(), stderr, CancellationToken.None));
        Assert.Contains("did you mean --image", stderr.ToString());
    }
}
