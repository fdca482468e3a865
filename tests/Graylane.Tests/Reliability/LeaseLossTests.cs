using System.Text.Json.Nodes;
using Graylane.Core.Json;
using Graylane.Tests.Support;

namespace Graylane.Tests.Reliability;

/// <summary>
/// A step that loses its release lease (another holder took it over, or it could not be renewed in time) stops at its
/// next write with an error naming the other holder, and writes nothing after the loss — two writers never interleave.
/// The lease lasts 10 s here (GRAYLANE_LEASE_SECONDS), so it is renewed every 3.3 s.
/// </summary>
public class LeaseLossTests
{
    private static async Task UntilAsync(Func<bool> condition, string what)
    {
        var deadline = DateTime.UtcNow.AddSeconds(90);
        while (!condition())
        {
            if (DateTime.UtcNow > deadline) throw new TimeoutException(what);
            await Task.Delay(50);
        }
    }

    private static JsonObject Record(ClusterFixture c) =>
        JsonNode.Parse((string)c.Server.Get("v1", "ConfigMap", "default", "graylane-nginx-service")!["data"]!["release.json"]!)!.AsObject();

    [Fact]
    public async Task A_lease_taken_over_while_the_step_waits_stops_it_at_its_next_write_naming_the_holder()
    {
        await using var c = await ClusterFixture.StartAsync();
        c.Environment["GRAYLANE_LEASE_SECONDS"] = "10";
        c.Server.Knobs.Unschedulable("nginx:1.27"); // the gray stays Pending: deploy-gray holds the lease while it waits
        var run = c.RunAsync("deploy-gray", ("service", "nginx-service"), ("image", "nginx:1.27"), ("version", "v2"), ("timeout", "12s"));
        await UntilAsync(() => c.Server.Get("coordination.k8s.io/v1", "Lease", "default", "graylane-nginx-service") is not null
                               && c.Server.List("apps/v1", "Deployment", "default").Any(d => Obj.Name(d) != "nginx"), "deploy-gray never reached its wait");
        // Someone else's step takes the lease over (as if ours had expired).
        var lease = c.Server.Get("coordination.k8s.io/v1", "Lease", "default", "graylane-nginx-service")!;
        lease["spec"]!["holderIdentity"] = "rollback by alice [0badc0de]";
        lease["spec"]!["renewTime"] = DateTime.UtcNow.ToString("yyyy-MM-dd'T'HH:mm:ss.ffffff'Z'");
        ((JsonObject)lease["metadata"]!).Remove("resourceVersion");
        await c.Server.ApplyYamlAsync(lease.ToJsonString());
        var recordBefore = Record(c).ToJsonString();

        var (code, host) = await run;

        Assert.True(code == 1, $"exit {code}\n{host.Log}");
        Assert.Contains(host.Warnings, w => w.Contains("taken over by rollback by alice [0badc0de]"));
        Assert.Contains(host.Errors, e => e.Contains("taken over by rollback by alice [0badc0de]") && e.Contains("stopped before changing anything more"));
        // Not one write after the loss: the gray that did not get ready is not removed, the record not saved, the lease not deleted.
        Assert.Equal(recordBefore, Record(c).ToJsonString());
        Assert.Equal("rollback by alice [0badc0de]", (string?)c.Server.Get("coordination.k8s.io/v1", "Lease", "default", "graylane-nginx-service")!["spec"]!["holderIdentity"]);
        Assert.Contains(c.Server.List("apps/v1", "Deployment", "default"), d => Obj.Name(d) != "nginx");
    }

    [Fact]
    public async Task A_held_lease_is_renewed_and_the_step_finishes()
    {
        // Control: the same wait with the lease left alone ends normally (the timeout's cleanup writes are allowed).
        await using var c = await ClusterFixture.StartAsync();
        c.Environment["GRAYLANE_LEASE_SECONDS"] = "10";
        c.Server.Knobs.Unschedulable("nginx:1.27");
        var (code, host) = await c.RunAsync("deploy-gray", ("service", "nginx-service"), ("image", "nginx:1.27"), ("version", "v2"), ("timeout", "12s"));
        Assert.True(code == 1, host.Log);
        Assert.Contains(host.Errors, e => e.Contains("did not become ready"));
        Assert.DoesNotContain(host.Warnings, w => w.Contains("lease"));
        Assert.Equal("Failed", (string?)Record(c)["phase"]);
        Assert.Null(c.Server.Get("coordination.k8s.io/v1", "Lease", "default", "graylane-nginx-service"));
    }
}
