using Graylane.Core.Json;
using Graylane.Tests.Support;

namespace Graylane.Tests.Steps;

/// <summary>One step at a time changes a release: others wait, then fail naming the holder; a killed run's lease is taken over.</summary>
public class ConcurrencyTests
{
    private static string Lease(string holder, DateTime renewed) => $"""
        apiVersion: coordination.k8s.io/v1
        kind: Lease
        metadata:
          name: graylane-nginx-service
          namespace: default
        spec:
          holderIdentity: "{holder}"
          leaseDurationSeconds: 60
          acquireTime: "{renewed:yyyy-MM-dd'T'HH:mm:ss.ffffff'Z'}"
          renewTime: "{renewed:yyyy-MM-dd'T'HH:mm:ss.ffffff'Z'}"
        """;

    [Fact]
    public async Task A_step_waits_for_the_holder_then_fails_naming_it_and_changes_nothing()
    {
        await using var c = await ClusterFixture.StartAsync();
        Assert.Equal(0, (await c.RunAsync("deploy-gray", ("service", "nginx-service"), ("image", "nginx:1.27"), ("version", "v2"))).Code);
        await c.Server.ApplyYamlAsync(Lease("promote by alice (https://ci.example/run/9)", DateTime.UtcNow));

        var (code, host) = await c.RunAsync("shift-traffic", ("app", "nginx-service"), ("weight", "100"), ("lock-wait", "1s"));

        Assert.Equal(2, code);
        Assert.Contains(host.Errors, e => e.Contains("being changed by promote by alice (https://ci.example/run/9)"));
        Assert.Equal("v1", c.Selector("nginx-service"));
    }

    [Fact]
    public async Task The_expired_lease_of_a_killed_run_is_taken_over()
    {
        await using var c = await ClusterFixture.StartAsync();
        Assert.Equal(0, (await c.RunAsync("deploy-gray", ("service", "nginx-service"), ("image", "nginx:1.27"), ("version", "v2"))).Code);
        await c.Server.ApplyYamlAsync(Lease("promote by killed-run", DateTime.UtcNow.AddMinutes(-5)));

        var (code, host) = await c.RunAsync("shift-traffic", ("app", "nginx-service"), ("weight", "100"), ("lock-wait", "1s"));

        Assert.True(code == 0, host.Log);
        Assert.Contains("Took over the expired lease of promote by killed-run", host.Log);
        Assert.Equal("v2", c.Selector("nginx-service"));
        Assert.Null(c.Server.Get("coordination.k8s.io/v1", "Lease", "default", "graylane-nginx-service"));
    }

    [Fact]
    public async Task Two_steps_at_once_one_proceeds_and_the_other_stops_without_damage()
    {
        await using var c = await ClusterFixture.StartAsync();
        var serviceBefore = ServerFields.Strip(c.Service("nginx-service")!);
        var baselineBefore = ServerFields.Strip(c.Deployment("nginx")!);
        Assert.Equal(0, (await c.RunAsync("deploy-gray", ("service", "nginx-service"), ("image", "nginx:1.27"), ("version", "v2"))).Code);

        var results = await Task.WhenAll(
            c.RunAsync("promote", ("app", "nginx-service"), ("lock-wait", "20s")),
            c.RunAsync("rollback", ("app", "nginx-service"), ("lock-wait", "20s")));

        // Whichever ran first finished; the other either waited and found the release changed, or found nothing left to do.
        Assert.Contains(results, r => r.Code == 0);
        foreach (var (code, host) in results.Where(r => r.Code != 0))
            Assert.Contains(host.Errors, e => e.Contains("changed by another step") || e.Contains("has ended") || e.Contains("already"));
        var status = await c.RunAsync("status", ("app", "nginx-service"));
        Assert.True(status.Host.Outputs["phase"] is "Promoted" or "RolledBack", status.Host.Log);

        // No damage: the cluster is exactly what the recorded outcome promises, not a mix of the two steps.
        Assert.Null(c.Server.Get("coordination.k8s.io/v1", "Lease", "default", "graylane-nginx-service"));
        if (status.Host.Outputs["phase"] == "RolledBack")
        {
            Assert.True(ServerFields.SameUserContent(serviceBefore, c.Service("nginx-service")!), c.Service("nginx-service")!.ToJsonString());
            Assert.True(ServerFields.SameUserContent(baselineBefore, c.Deployment("nginx")!), c.Deployment("nginx")!.ToJsonString());
            Assert.Null(c.Deployment("nginx-v2"));
            await c.WaitReadyAsync("nginx");
            Assert.Equal(new Dictionary<string, int> { ["v1"] = 20 }, c.Served("nginx-service"));
        }
        else
        {
            // The same release promoted alone, on a cluster of its own, is the reference.
            await using var reference = await ClusterFixture.StartAsync();
            Assert.Equal(0, (await reference.RunAsync("deploy-gray", ("service", "nginx-service"), ("image", "nginx:1.27"), ("version", "v2"))).Code);
            Assert.Equal(0, (await reference.RunAsync("promote", ("app", "nginx-service"))).Code);
            foreach (var (kind, name) in new[] { ("Service", "nginx-service"), ("Deployment", "nginx"), ("Deployment", "nginx-v2") })
            {
                var apiVersion = kind == "Service" ? "v1" : "apps/v1";
                var expected = reference.Server.Get(apiVersion, kind, "default", name)!;
                var actual = c.Server.Get(apiVersion, kind, "default", name);
                Assert.True(actual is not null && ServerFields.SameUserContent(expected, actual),
                    $"{kind} {name}: {actual?.ToJsonString()}\nexpected as after a promote alone: {expected.ToJsonString()}");
            }
            Assert.Equal(new Dictionary<string, int> { ["v2"] = 20 }, c.Served("nginx-service"));
        }
    }
}
