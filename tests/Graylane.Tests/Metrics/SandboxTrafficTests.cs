using System.Diagnostics;
using Graylane.Cli;
using Graylane.LocalCluster.Metrics;
using Graylane.Tests.Support;

namespace Graylane.Tests.Metrics;

/// <summary>`graylane sandbox traffic` (bounded background traffic counted in /graylane/metrics) and the fault annotations used from outside.</summary>
public class SandboxTrafficTests
{
    private static async Task<(int Code, string Out, string Err)> RunAsync(params string[] args)
    {
        var (stdout, stderr) = (new StringWriter(), new StringWriter());
        var code = await CommandDispatcher.RunAsync(args, new Dictionary<string, string>(), stdout, stderr, CancellationToken.None);
        return (code, stdout.ToString(), stderr.ToString());
    }

    [Fact]
    public async Task Traffic_runs_in_the_background_for_its_duration_and_every_request_is_counted_in_the_metrics()
    {
        await using var c = await CanaryScenario.StartAsync(weight: 50);

        var (code, stdout, stderr) = await RunAsync("sandbox", "traffic", "--kubeconfig", c.Kubeconfig, "--host", "reviews", "--rps", "100", "--duration", "1s");

        Assert.True(code == 0, stderr);
        Assert.StartsWith("traffic 1 started: 100 requests/s to reviews in default until ", stdout);
        var run = Assert.Single(c.Server.Traffic.Runs);
        var deadline = Stopwatch.StartNew();
        while (run.Running && deadline.Elapsed < TimeSpan.FromSeconds(30)) await Task.Delay(50);
        Assert.False(run.Running);
        Assert.Equal(100, run.Sent); // the rate times the duration, however the ticks fell
        (code, stdout, _) = await RunAsync("sandbox", "traffic", "--kubeconfig", c.Kubeconfig, "--status");
        Assert.Equal(0, code);
        Assert.Contains("traffic 1 ended: 100 requests/s to reviews in default until ", stdout);
        Assert.Contains("(sent 100, 5xx 0)", stdout);
        var m = await CanaryScenario.ScrapeAsync(c);
        Assert.Equal(100, m.Sum(IstioLabels.RequestsTotal, ("reporter", "destination"), ("destination_service_name", "reviews")));
    }

    [Fact]
    public async Task Stop_ends_running_traffic_early()
    {
        await using var c = await CanaryScenario.StartAsync(weight: 0);
        Assert.Equal(0, (await RunAsync("sandbox", "traffic", "--kubeconfig", c.Kubeconfig, "--host", "reviews", "--rps", "20", "--duration", "10m")).Code);

        var (code, stdout, _) = await RunAsync("sandbox", "traffic", "--kubeconfig", c.Kubeconfig, "--stop");

        Assert.Equal(0, code);
        Assert.StartsWith("traffic 1 stopped: 20 requests/s to reviews in default", stdout);
        Assert.False(Assert.Single(c.Server.Traffic.Runs).Running);
        Assert.Contains("No traffic was running.", (await RunAsync("sandbox", "traffic", "--kubeconfig", c.Kubeconfig, "--stop")).Out);
    }

    [Theory]
    [InlineData("--rps", "0", "--rps 0 would send nothing")]
    [InlineData("--rps", "5000", "rps")]
    [InlineData("--duration", "2h", "--duration 2h is out of range: give 1s to 1h")]
    [InlineData("--duration", "soon", "duration")]
    public async Task Bad_traffic_input_is_refused_with_exit_2_before_anything_is_sent(string flag, string value, string message)
    {
        await using var c = await CanaryScenario.StartAsync(weight: 0);

        var (code, _, stderr) = await RunAsync("sandbox", "traffic", "--kubeconfig", c.Kubeconfig, "--host", "reviews", flag, value);

        Assert.Equal(2, code);
        Assert.Contains(message, stderr);
        Assert.Empty(c.Server.Traffic.Runs);
    }

    [Fact]
    public async Task Traffic_needs_a_host()
    {
        var (code, _, stderr) = await RunAsync("sandbox", "traffic", "--rps", "5");
        Assert.Equal(2, code);
        Assert.Contains("sandbox traffic needs --host <service> (or --stop, --status)", stderr);
    }

    [ToolFact("kubectl")]
    public async Task A_fault_annotation_set_with_kubectl_makes_the_gray_answer_503_in_sandbox_request()
    {
        await using var c = await CanaryScenario.StartAsync(weight: 100);
        var annotate = Process.Start(new ProcessStartInfo(Tools.Require("kubectl"),
            ["--kubeconfig", c.Kubeconfig, "annotate", "pod", "-l", "version=v2", $"{ResponseFaults.ErrorRateAnnotation}=1"])
        { RedirectStandardError = true, RedirectStandardOutput = true })!;
        await annotate.WaitForExitAsync();
        Assert.True(annotate.ExitCode == 0, await annotate.StandardError.ReadToEndAsync());

        var (code, stdout, stderr) = await RunAsync("sandbox", "request", "--kubeconfig", c.Kubeconfig, "--host", "reviews", "--count", "10");

        Assert.True(code == 0, stderr);
        Assert.Contains(" 10 100.0%  -> reviews(v2) [503]", stdout);
        Assert.Equal(10, (await CanaryScenario.ScrapeAsync(c)).Sum(IstioLabels.RequestsTotal, ("destination_version", "v2"), ("response_code", "503")));
    }
}
