using Graylane.Tests.Support;

namespace Graylane.Tests.Steps;

/// <summary>Transient API failures are retried where that is safe; a write that may have landed is reconciled, not repeated.</summary>
public class ResilienceTests
{
    [Fact]
    public async Task Reads_are_retried_through_503s()
    {
        await using var c = await ClusterFixture.StartAsync();
        var fault = c.Server.Faults.Fail(503, verb: "get", resource: "deployments", times: 2);

        var (code, host) = await c.RunAsync("deploy-gray", ("service", "nginx-service"), ("image", "nginx:1.27"), ("version", "v2"));

        Assert.True(code == 0, host.Log);
        Assert.Equal(2, fault.Fired);
    }

    [Fact]
    public async Task A_429_on_a_write_is_retried_after_the_servers_retry_after()
    {
        await using var c = await ClusterFixture.StartAsync();
        Assert.Equal(0, (await c.RunAsync("deploy-gray", ("service", "nginx-service"), ("image", "nginx:1.27"), ("version", "v2"))).Code);
        var fault = c.Server.Faults.Fail(429, verb: "update", resource: "services", times: 1, retryAfterSeconds: 1);

        var started = DateTime.UtcNow;
        var (code, host) = await c.RunAsync("shift-traffic", ("app", "nginx-service"), ("weight", "100"));

        Assert.True(code == 0, host.Log);
        Assert.Equal(1, fault.Fired);
        Assert.True(DateTime.UtcNow - started >= TimeSpan.FromSeconds(1), "Retry-After must be honoured");
        Assert.Equal("v2", c.Selector("nginx-service"));
    }

    [Fact]
    public async Task A_500_on_a_write_is_not_repeated_blindly()
    {
        await using var c = await ClusterFixture.StartAsync();
        Assert.Equal(0, (await c.RunAsync("deploy-gray", ("service", "nginx-service"), ("image", "nginx:1.27"), ("version", "v2"))).Code);
        var fault = c.Server.Faults.Fail(500, verb: "update", resource: "services");

        var (code, host) = await c.RunAsync("shift-traffic", ("app", "nginx-service"), ("weight", "100"));

        Assert.Equal(1, code);
        Assert.Equal(1, fault.Fired);
        Assert.Contains(host.Errors, e => e.Contains("update services nginx-service in namespace default failed (500"));
    }

    [Fact]
    public async Task A_dropped_connection_on_create_is_settled_by_reading_back()
    {
        await using var c = await ClusterFixture.StartAsync();
        var fault = c.Server.Faults.AbortConnection(verb: "create", resource: "deployments", times: 1);

        var (code, host) = await c.RunAsync("deploy-gray", ("service", "nginx-service"), ("image", "nginx:1.27"), ("version", "v2"));

        Assert.True(code == 0, host.Log);
        Assert.Equal(1, fault.Fired);
        Assert.NotNull(c.Deployment("nginx-v2"));
    }

    [Fact]
    public async Task A_denied_write_names_the_verb_resource_and_namespace()
    {
        await using var c = await ClusterFixture.StartAsync();
        c.Server.Faults.DenyWrites(resource: "deployments");

        var (code, host) = await c.RunAsync("deploy-gray", ("service", "nginx-service"), ("image", "nginx:1.27"), ("version", "v2"));

        Assert.Equal(1, code);
        Assert.Contains(host.Errors, e => e.Contains("permission denied: cannot create deployments.apps nginx-v2 in namespace default")
            && e.Contains("grant the verb \"create\" on \"deployments\" in API group \"apps\""));
    }

    [Fact]
    public async Task Dropped_watch_streams_during_a_rollout_are_resumed()
    {
        await using var c = await ClusterFixture.StartAsync();
        c.Server.Knobs.PodReadyDelay = TimeSpan.FromMilliseconds(800);
        var run = c.RunAsync("deploy-gray", ("service", "nginx-service"), ("image", "nginx:1.27"), ("version", "v2"));
        var dropped = 0;
        while (!run.IsCompleted && dropped < 200)
        {
            dropped += c.Server.Faults.DropWatches();
            await Task.Delay(25);
        }
        var (code, host) = await run;
        Assert.True(code == 0, host.Log);
        Assert.True(dropped > 0, "no watch was open to drop: the rollout was not followed by watching");
        Assert.Equal("v1", c.Selector("nginx-service"));
    }
}
