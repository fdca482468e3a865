using Graylane.Cli;
using Graylane.Core.Json;
using Graylane.Engine.Steps;
using Graylane.Tests.Support;

namespace Graylane.Tests.Steps;

/// <summary>README claims of the steps that no other test pinned down: each test names its claim.</summary>
public class ReadmeStepClaimsTests
{
    [Fact]
    public async Task Deploy_gray_finds_the_baseline_by_workload_without_a_service()
    {
        await using var c = await ClusterFixture.StartAsync();
        var (code, host) = await c.RunAsync("deploy-gray", ("workload", "nginx"), ("image", "nginx:1.27"), ("version", "v2"));
        Assert.True(code == 0, host.Log);
        Assert.Equal("nginx", host.Outputs["baseline-workload"]);
        Assert.Equal("nginx-v2", host.Outputs["gray-workload"]);
        Assert.Equal("nginx:1.27", (string?)c.Deployment("nginx-v2")!["spec"]!["template"]!["spec"]!["containers"]![0]!["image"]);
    }

    [Fact]
    public async Task Deploy_gray_waits_for_the_gray_version_by_watching_not_polling()
    {
        await using var c = await ClusterFixture.StartAsync();
        c.Server.Knobs.PodReadyDelay = TimeSpan.FromSeconds(2);   // long enough that a poller would read again and again
        c.Server.Requests.Clear();
        var (code, host) = await c.RunAsync("deploy-gray", ("service", "nginx-service"), ("image", "nginx:1.27"), ("version", "v2"));
        Assert.True(code == 0, host.Log);
        var entries = await c.RequestsAsync(); // the watch is logged when it ends, which may be just after the step returned
        var grayReads = entries.Where(e => e.Resource == "deployments" && e.Name == "nginx-v2" && e.Verb == "get").ToList();
        Assert.Contains(entries, e => e.Resource == "deployments" && e.Verb == "watch");
        Assert.True(grayReads.Count <= 2, $"the gray Deployment was read {grayReads.Count} times while it became ready");
    }

    [Fact]
    public async Task Promote_keeps_the_old_version_up_for_the_scale_down_delay_then_scales_it_to_zero()
    {
        await using var c = await ClusterFixture.StartAsync();
        Assert.Equal(0, (await c.RunAsync("deploy-gray", ("service", "nginx-service"), ("image", "nginx:1.27"), ("version", "v2"))).Code);
        var clock = new ManualClock(DateTimeOffset.UtcNow);
        var host = new TestHost(new Dictionary<string, string>
        {
            ["kubeconfig"] = c.Kubeconfig, ["app"] = "nginx-service", ["scale-down-delay"] = "10m", ["timeout"] = "20s",
        });

        var promote = StepRunner.RunAsync(StepCatalog.Find("promote")!, host, new Dictionary<string, string>(), clock);
        var deadline = DateTime.UtcNow.AddSeconds(60); // a bound only
        while (!host.Lines.Any(l => l.StartsWith("Keeping the old version v1 up for 10m", StringComparison.Ordinal)) && DateTime.UtcNow < deadline)
            await Task.Delay(20);

        // During the delay: all traffic on v2, v1 still fully up so traffic could go back at once.
        Assert.False(promote.IsCompleted, host.Log);
        Assert.Equal("v2", c.Selector("nginx-service"));
        Assert.Equal(2, Obj.Int(c.Deployment("nginx")!["spec"]!["replicas"]));
        while (clock.Waiting == 0 && DateTime.UtcNow < deadline) await Task.Delay(20);
        clock.Advance(TimeSpan.FromMinutes(10));

        Assert.Equal(0, await promote);
        Assert.Equal(0, Obj.Int(c.Deployment("nginx")!["spec"]!["replicas"]));
        Assert.Equal("Promoted", host.Outputs["phase"]);
    }

    [Theory]
    [InlineData("deploy-gray", "already deployed")]
    [InlineData("shift-traffic", "already")]
    [InlineData("promote", "already promoted")]
    [InlineData("rollback", "already")]
    public async Task A_second_run_says_what_it_found_already_done(string step, string says)
    {
        await using var c = await ClusterFixture.StartAsync();
        var deploy = new[] { ("service", "nginx-service"), ("image", "nginx:1.27"), ("version", "v2") };
        (string, string)[] args = step switch
        {
            "deploy-gray" => deploy,
            "shift-traffic" => [("app", "nginx-service"), ("weight", "100")],
            _ => [("app", "nginx-service")],
        };
        Assert.Equal(0, (await c.RunAsync("deploy-gray", deploy)).Code);
        if (step != "deploy-gray") Assert.Equal(0, (await c.RunAsync(step, args)).Code);

        var (code, host) = await c.RunAsync(step, args);

        Assert.True(code == 0, host.Log);
        Assert.Contains(host.Lines, l => l.Contains(says, StringComparison.OrdinalIgnoreCase));
    }
}
