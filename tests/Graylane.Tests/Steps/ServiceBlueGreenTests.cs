using System.Text.Json.Nodes;
using Graylane.Core.Json;
using Graylane.LocalCluster.Storage;
using Graylane.Tests.Support;

namespace Graylane.Tests.Steps;

/// <summary>Scenario S4 (seed 003) end to end: every step against the local cluster through the real client.</summary>
public class ServiceBlueGreenTests
{
    [Fact]
    public async Task Deploy_gray_creates_an_identical_deployment_that_takes_no_traffic()
    {
        await using var c = await ClusterFixture.StartAsync();
        var (code, host) = await c.RunAsync("deploy-gray", ("service", "nginx-service"), ("image", "nginx:1.27"), ("version", "v2"));

        Assert.True(code == 0, host.Log);
        var gray = c.Deployment("nginx-v2")!;
        var baseline = c.Deployment("nginx")!;
        Assert.Equal("nginx:1.27", (string?)gray["spec"]!["template"]!["spec"]!["containers"]![0]!["image"]);
        Assert.Equal(Obj.Int(baseline["spec"]!["replicas"]), Obj.Int(gray["spec"]!["replicas"]));
        Assert.Equal(baseline["spec"]!["template"]!["spec"]!["containers"]![0]!["readinessProbe"]!.ToJsonString(),
            gray["spec"]!["template"]!["spec"]!["containers"]![0]!["readinessProbe"]!.ToJsonString());
        Assert.Equal("v1", c.Selector("nginx-service"));
        Assert.Equal(new Dictionary<string, int> { ["v1"] = 20 }, c.Served("nginx-service"));
        Assert.Equal("GrayReady", host.Outputs["phase"]);
        Assert.Equal("nginx-v2", host.Outputs["gray-workload"]);
        Assert.Contains(host.Warnings, w => w.Contains("labelled app=nginx"));
        Assert.Contains("| nginx-service | v2 | gray | nginx-v2 | 2/2 | 0% |", host.Summary.ToString());
    }

    [Fact]
    public async Task Default_version_is_a_utc_timestamp()
    {
        await using var c = await ClusterFixture.StartAsync();
        var (code, host) = await c.RunAsync("deploy-gray", ("service", "nginx-service"), ("image", "nginx:1.27"));
        Assert.True(code == 0, host.Log);
        Assert.Matches("^20[0-9]{12}$", host.Outputs["version"]);
        Assert.NotNull(c.Deployment($"nginx-{host.Outputs["version"]}"));
    }

    [Fact]
    public async Task Shift_switches_the_selector_all_at_once_and_back()
    {
        await using var c = await ClusterFixture.StartAsync();
        Assert.Equal(0, (await c.RunAsync("deploy-gray", ("service", "nginx-service"), ("image", "nginx:1.27"), ("version", "v2"))).Code);

        var (code, host) = await c.RunAsync("shift-traffic", ("app", "nginx-service"), ("weight", "100"));
        Assert.True(code == 0, host.Log);
        Assert.Equal("v2", c.Selector("nginx-service"));
        Assert.Equal("my-nginx", c.Selector("nginx-service", "app"));
        Assert.Equal(new Dictionary<string, int> { ["v2"] = 20 }, c.Served("nginx-service"));
        Assert.Equal("100", host.Outputs["gray-weight"]);

        (code, host) = await c.RunAsync("shift-traffic", ("app", "nginx-service"), ("weight", "0"));
        Assert.True(code == 0, host.Log);
        Assert.Equal(new Dictionary<string, int> { ["v1"] = 20 }, c.Served("nginx-service"));
    }

    [Fact]
    public async Task Promote_gives_gray_all_traffic_and_scales_the_old_version_to_zero()
    {
        await using var c = await ClusterFixture.StartAsync();
        Assert.Equal(0, (await c.RunAsync("deploy-gray", ("service", "nginx-service"), ("image", "nginx:1.27"), ("version", "v2"))).Code);

        var (code, host) = await c.RunAsync("promote", ("app", "nginx-service"));
        Assert.True(code == 0, host.Log);
        Assert.Equal("v2", c.Selector("nginx-service"));
        Assert.Equal(0, Obj.Int(c.Deployment("nginx")!["spec"]!["replicas"]));
        Assert.Equal("Promoted", host.Outputs["phase"]);
        Assert.Equal(new Dictionary<string, int> { ["v2"] = 20 }, c.Served("nginx-service"));
    }

    [Fact]
    public async Task Promote_with_delete_old_removes_the_old_deployment_and_rollback_brings_it_back()
    {
        await using var c = await ClusterFixture.StartAsync();
        var before = ServerFields.Strip(c.Deployment("nginx")!);
        Assert.Equal(0, (await c.RunAsync("deploy-gray", ("service", "nginx-service"), ("image", "nginx:1.27"), ("version", "v2"))).Code);
        Assert.Equal(0, (await c.RunAsync("promote", ("app", "nginx-service"), ("delete-old", "true"))).Code);
        Assert.Null(c.Deployment("nginx"));

        var (code, host) = await c.RunAsync("rollback", ("app", "nginx-service"), ("reason", "errors in v2"));
        Assert.True(code == 0, host.Log);
        Assert.True(ServerFields.SameUserContent(before, c.Deployment("nginx")!));
        Assert.Null(c.Deployment("nginx-v2"));
        Assert.Equal(new Dictionary<string, int> { ["v1"] = 20 }, c.Served("nginx-service"));
    }

    [Fact]
    public async Task Rollback_after_promote_restores_the_objects_exactly()
    {
        await using var c = await ClusterFixture.StartAsync();
        var serviceBefore = ServerFields.Strip(c.Service("nginx-service")!);
        var deploymentBefore = ServerFields.Strip(c.Deployment("nginx")!);
        Assert.Equal(0, (await c.RunAsync("deploy-gray", ("service", "nginx-service"), ("image", "nginx:1.27"), ("version", "v2"))).Code);
        Assert.Equal(0, (await c.RunAsync("shift-traffic", ("app", "nginx-service"), ("weight", "100"))).Code);
        Assert.Equal(0, (await c.RunAsync("promote", ("app", "nginx-service"))).Code);
        var baselineWhenSelectorMovedBack = BaselineWhenTheSelectorReturns(c, "v1");

        var (code, host) = await c.RunAsync("rollback", ("app", "nginx-service"), ("reason", "v2 broke checkout"));

        Assert.True(code == 0, host.Log);
        Assert.True(ServerFields.SameUserContent(serviceBefore, c.Service("nginx-service")!), c.Service("nginx-service")!.ToJsonString());
        Assert.True(ServerFields.SameUserContent(deploymentBefore, c.Deployment("nginx")!));
        Assert.Null(c.Deployment("nginx-v2"));
        Assert.Equal(new Dictionary<string, int> { ["v1"] = 20 }, c.Served("nginx-service"));
        Assert.Equal("RolledBack", host.Outputs["phase"]);
        // The old version was ready again before the selector moved back: the Deployment as it was when that write committed.
        var atSwitch = baselineWhenSelectorMovedBack();
        Assert.True(atSwitch is not null, "the selector never moved back to v1");
        Assert.Equal(2, Obj.Int(atSwitch["spec"]?["replicas"]));
        Assert.Equal(2, Obj.Int(atSwitch["status"]?["readyReplicas"]));
        Assert.Equal(Obj.Long(atSwitch["metadata"]?["generation"]), Obj.Long(atSwitch["status"]?["observedGeneration"]));
    }

    /// <summary>
    /// Watches the cluster's commits (in commit order) and returns, once asked, the baseline Deployment nginx as it was
    /// when nginx-service's selector first came to select the version; null if it never did.
    /// </summary>
    private static Func<JsonObject?> BaselineWhenTheSelectorReturns(ClusterFixture c, string version)
    {
        var gate = new Lock();
        var latest = c.Deployment("nginx");
        JsonObject? atSwitch = null;
        var switched = false;
        c.Server.Store.Changed += e =>
        {
            var name = (string?)e.Object["metadata"]?["name"];
            lock (gate)
            {
                if (e.Resource == BuiltInTypes.Deployments && name == "nginx") latest = (JsonObject)e.Object.DeepClone();
                else if (e.Resource == BuiltInTypes.Services && name == "nginx-service" && !switched
                         && (string?)e.Object["spec"]?["selector"]?["version"] == version)
                {
                    switched = true;
                    atSwitch = latest;
                }
            }
        };
        return () => { lock (gate) return atSwitch; };
    }

    [Fact]
    public async Task A_second_release_starts_from_the_promoted_version()
    {
        await using var c = await ClusterFixture.StartAsync();
        Assert.Equal(0, (await c.RunAsync("deploy-gray", ("service", "nginx-service"), ("image", "nginx:1.27"), ("version", "v2"))).Code);
        Assert.Equal(0, (await c.RunAsync("promote", ("app", "nginx-service"))).Code);

        var (code, host) = await c.RunAsync("deploy-gray", ("service", "nginx-service"), ("image", "nginx:1.28"), ("version", "v3"));
        Assert.True(code == 0, host.Log);
        Assert.Equal("nginx-v2", host.Outputs["baseline-workload"]);
        Assert.Equal("nginx-v3", host.Outputs["gray-workload"]); // named from the base name, not nginx-v2-v3
        Assert.Equal(0, (await c.RunAsync("promote", ("app", "nginx-service"))).Code);
        Assert.Equal(0, (await c.RunAsync("rollback", ("app", "nginx-service"))).Code);
        Assert.Equal(new Dictionary<string, int> { ["v2"] = 20 }, c.Served("nginx-service"));
        Assert.Null(c.Deployment("nginx-v3"));
    }

    [Fact]
    public async Task A_service_selecting_every_version_is_pinned_first_and_unpinned_on_rollback()
    {
        await using var c = await ClusterFixture.StartAsync(SeedObjects.NginxYaml.Replace("""
              selector:
                app: my-nginx
                version: v1
              ports:
            """, """
              selector:
                app: my-nginx
              ports:
            """));
        Assert.Null(c.Selector("nginx-service"));

        var (code, host) = await c.RunAsync("deploy-gray", ("service", "nginx-service"), ("image", "nginx:1.27"), ("version", "v2"));
        Assert.True(code == 0, host.Log);
        Assert.Equal("v1", c.Selector("nginx-service"));
        Assert.Contains("pinned it to version=v1", host.Log);
        Assert.Equal(new Dictionary<string, int> { ["v1"] = 20 }, c.Served("nginx-service"));

        Assert.Equal(0, (await c.RunAsync("rollback", ("app", "nginx-service"))).Code);
        Assert.Null(c.Selector("nginx-service"));
    }

    [Fact]
    public async Task Status_prints_the_record_and_the_split()
    {
        await using var c = await ClusterFixture.StartAsync();
        Assert.Equal(0, (await c.RunAsync("deploy-gray", ("service", "nginx-service"), ("image", "nginx:1.27"), ("version", "v2"))).Code);
        Assert.Equal(0, (await c.RunAsync("shift-traffic", ("app", "nginx-service"), ("weight", "100"))).Code);

        var (code, host) = await c.RunAsync("status", ("app", "nginx-service"));
        Assert.True(code == 0, host.Log);
        Assert.Contains("Phase:     Shifted", host.Log);
        Assert.Contains("nginx-service: v1 (baseline) 0% | nginx-service: v2 (gray) 100%", host.Log);
        Assert.Contains("shift-traffic by tester (https://ci.example/run/42)", host.Log);
        Assert.Equal("100", host.Outputs["gray-weight"]);
    }
}
