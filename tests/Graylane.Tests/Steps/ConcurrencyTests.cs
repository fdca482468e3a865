using System.Text.Json.Nodes;
using Graylane.Core.Json;
using Graylane.Tests.Support;

namespace Graylane.Tests.Steps;

/// <summary>
/// One step at a time changes a release. A step that waits or retires workloads (deploy-gray, promote, rollback) holds the
/// release's Lease: others of those wait for it, then fail naming the holder; a killed run's lease is taken over. A step that
/// makes one routing change (shift-traffic) takes no lease: its first record write is a compare-and-swap on the
/// record it read, so of two such steps one proceeds and the other stops before it changes anything, and the phase a
/// lease holder records (Promoting, RollingBack, Deploying) refuses it.
/// </summary>
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
        Assert.Equal(0, (await c.RunAsync("shift-traffic", ("app", "nginx-service"), ("weight", "100"))).Code);
        await c.Server.ApplyYamlAsync(Lease("promote by alice (https://ci.example/run/9)", DateTime.UtcNow));

        var (code, host) = await c.RunAsync("rollback", ("app", "nginx-service"), ("lock-wait", "1s"));

        Assert.Equal(1, code); // busy: run it again once promote has finished
        Assert.Contains(host.Errors, e => e.Contains("release is busy: the release of nginx-service is being changed by promote by alice (https://ci.example/run/9)"));
        Assert.Equal("v2", c.Selector("nginx-service"));
        Assert.NotNull(c.Deployment("nginx-v2"));
    }

    [Fact]
    public async Task The_expired_lease_of_a_killed_run_is_taken_over()
    {
        await using var c = await ClusterFixture.StartAsync();
        Assert.Equal(0, (await c.RunAsync("deploy-gray", ("service", "nginx-service"), ("image", "nginx:1.27"), ("version", "v2"))).Code);
        Assert.Equal(0, (await c.RunAsync("shift-traffic", ("app", "nginx-service"), ("weight", "100"))).Code);
        await c.Server.ApplyYamlAsync(Lease("promote by killed-run", DateTime.UtcNow.AddMinutes(-5)));

        var (code, host) = await c.RunAsync("rollback", ("app", "nginx-service"), ("lock-wait", "1s"));

        Assert.True(code == 0, host.Log);
        Assert.Contains("Took over the expired lease of promote by killed-run", host.Log);
        Assert.Equal("v1", c.Selector("nginx-service"));
        Assert.Null(c.Deployment("nginx-v2"));
        Assert.Null(c.Server.Get("coordination.k8s.io/v1", "Lease", "default", "graylane-nginx-service"));
    }

    [Fact]
    public async Task A_traffic_step_takes_no_lease_and_is_refused_while_a_waiting_step_holds_the_release()
    {
        await using var c = await ClusterFixture.StartAsync();
        Assert.Equal(0, (await c.RunAsync("deploy-gray", ("service", "nginx-service"), ("image", "nginx:1.27"), ("version", "v2"))).Code);
        await c.RequestsAsync(); // deploy-gray's last requests (its lease given back) are in the log before it is cleared
        c.Server.Requests.Clear();
        Assert.Equal(0, (await c.RunAsync("shift-traffic", ("app", "nginx-service"), ("weight", "100"))).Code);
        Assert.DoesNotContain(await c.RequestsAsync(), e => e.Resource == "leases");

        // promote keeps the old version warm for a while, holding the lease and with its phase (Promoting) recorded.
        var promote = c.RunAsync("promote", ("app", "nginx-service"), ("scale-down-delay", "3s"));
        var deadline = DateTime.UtcNow.AddSeconds(60); // a bound only
        while (RecordPhase(c) != "Promoting" && DateTime.UtcNow < deadline) await Task.Delay(20);
        Assert.Equal("Promoting", RecordPhase(c));

        var (code, host) = await c.RunAsync("shift-traffic", ("app", "nginx-service"), ("weight", "0"));

        Assert.Equal(2, code);
        Assert.Contains(host.Errors, e => e.Contains("already promoted"));
        Assert.Equal("v2", c.Selector("nginx-service"));
        var (promoted, promoteHost) = await promote;
        Assert.True(promoted == 0, promoteHost.Log);
        Assert.Equal("v2", c.Selector("nginx-service"));
    }

    [Fact]
    public async Task Two_traffic_steps_at_once_leave_the_cluster_as_the_record_says()
    {
        await using var c = await ClusterFixture.StartAsync(Bookinfo.Reviews + "\n---\n" + Bookinfo.UserIstio, "reviews-v1");
        Assert.Equal(0, (await c.RunAsync("deploy-gray", ("service", "reviews"), ("router", "istio"), ("route", "primary"),
            ("image", "istio/examples-bookinfo-reviews-v2:1.16.2"), ("version", "v2"))).Code);

        var results = await Task.WhenAll(
            c.RunAsync("shift-traffic", ("app", "reviews"), ("weight", "20")),
            c.RunAsync("shift-traffic", ("app", "reviews"), ("weight", "50")));

        // Either both ran one after the other, or one won the record's compare-and-swap and the other stopped unchanged.
        Assert.Contains(results, r => r.Code == 0);
        foreach (var (code, host) in results.Where(r => r.Code != 0))
        {
            Assert.Equal(1, code);
            Assert.Contains(host.Errors, e => e.Contains("release is busy") && e.Contains("changed by another step"));
        }
        var status = await c.RunAsync("status", ("app", "reviews"));
        Assert.True(status.Code == 0, status.Host.Log);
        Assert.DoesNotContain(status.Host.Warnings, w => w.Contains("changed since Graylane"));
        var record = JsonNode.Parse((string)c.Server.Get("v1", "ConfigMap", "default", "graylane-reviews")!["data"]!["release.json"]!)!;
        Assert.Equal((string?)record["traffic"]!["weight"]?.ToString(), status.Host.Outputs["gray-weight"]);
        Assert.Contains(status.Host.Outputs["gray-weight"], new[] { "20", "50" });
    }

    private static string? RecordPhase(ClusterFixture c) =>
        c.Server.Get("v1", "ConfigMap", "default", "graylane-nginx-service")?["data"]?["release.json"] is { } json
            ? (string?)System.Text.Json.Nodes.JsonNode.Parse((string)json!)?["phase"]
            : null;

    /// <summary>
    /// A copy without the Service address the server allocated: each cluster allocates it at random, as a real server
    /// does, so it differs between two clusters (it failed whenever promote won the race); everything the user wrote stays.
    /// </summary>
    private static JsonObject WithoutAllocatedAddress(JsonObject o)
    {
        var copy = Obj.Clone(o);
        if ((string?)copy["kind"] == "Service" && copy["spec"] is JsonObject spec)
            foreach (var allocated in new[] { "clusterIP", "clusterIPs" }) spec.Remove(allocated);
        return copy;
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
                Assert.True(actual is not null && ServerFields.SameUserContent(WithoutAllocatedAddress(expected), WithoutAllocatedAddress(actual)),
                    $"{kind} {name}: {actual?.ToJsonString()}\nexpected as after a promote alone: {expected.ToJsonString()}");
            }
            Assert.Equal(new Dictionary<string, int> { ["v2"] = 20 }, c.Served("nginx-service"));
        }
    }
}
