using Graylane.Tests.Support;

namespace Graylane.Tests.Lanes;

/// <summary>Rollback, idempotency, drift detection and bad input for both lane routers.</summary>
public class LanesSafetyTests
{
    public static TheoryData<string> Routers => new() { "lanes", "asm-lanes" };

    private static async Task<ClusterFixture> StartAsync(string router, bool seedAsm)
    {
        var c = await MockApp.StartAsync();
        if (seedAsm) await c.Server.ApplyYamlAsync(SeedAsm.GroupAndLaneV1 + "\n---\n" + SeedAsm.IngressVirtualService);
        return c;
    }

    [Theory]
    [MemberData(nameof(Routers))]
    public async Task Rollback_after_a_shift_restores_every_object_and_the_v1_paths(string router)
    {
        await using var c = await StartAsync(router, seedAsm: router == "asm-lanes");
        var before = ClusterObjects.Capture(c);
        await LaneRelease.DeployAsync(c, router, "v2", LaneRelease.Images("mocka,mockc", "v2"), ("app-services", "mocka,mockb,mockc"));
        await LaneRelease.StepAsync(c, "shift-traffic", ("weight", "20"));
        await LaneRelease.StepAsync(c, "rollback", ("reason", "errors in v2"));
        Assert.Equal(before, ClusterObjects.Capture(c));
        Assert.Equal(MockApp.V1V1V1, MockApp.InMesh(c, "v2"));
        if (router == "asm-lanes") Assert.All(MockApp.AtGateway(c, 20), p => Assert.Equal(MockApp.V1V1V1, p.Text));
    }

    [Theory]
    [MemberData(nameof(Routers))]
    public async Task Rollback_after_promote_brings_back_the_old_deployments_baselines_lanes_and_gateway_route(string router)
    {
        await using var c = await StartAsync(router, seedAsm: true);
        if (router == "lanes")
        {
            // Plain Istio: start from the lanes of a first release, so rollback has Graylane's objects to restore.
            await LaneRelease.DeployAsync(c, router, "v2", LaneRelease.Images("mocka", "v2"), ("app-services", "mocka,mockb,mockc"), ("virtual-service", "swimlane-ingress-vs"));
            await LaneRelease.StepAsync(c, "rollback");
            await LaneRelease.DeployAsync(c, router, "v2", LaneRelease.Images("mocka", "v2"));
            await LaneRelease.StepAsync(c, "shift-traffic", ("weight", "100"));
            await LaneRelease.StepAsync(c, "promote");
        }
        var before = ClusterObjects.Capture(c);
        var beforePath = MockApp.AtGateway(c, 1)[0].Text;
        await LaneRelease.DeployAsync(c, router, "v3", LaneRelease.Images("mocka,mockc", "v3"), ("app-services", "mocka,mockb,mockc"));
        await LaneRelease.StepAsync(c, "shift-traffic", ("weight", "50"));
        await LaneRelease.StepAsync(c, "promote");
        Assert.All(MockApp.AtGateway(c, 10), p => Assert.Equal("-> mocka(v3) -> mockb(v1) -> mockc(v3)", p.Text));

        await LaneRelease.StepAsync(c, "rollback");
        Assert.Equal(before, ClusterObjects.Capture(c));
        Assert.All(MockApp.AtGateway(c, 10), p => Assert.Equal(beforePath, p.Text));
        Assert.Null(c.Deployment("mocka-v3"));
    }

    [Theory]
    [MemberData(nameof(Routers))]
    public async Task Every_step_run_a_second_time_writes_nothing(string router)
    {
        await using var c = await StartAsync(router, seedAsm: false);
        (string, string)[] deploy = [("app", "mock"), ("router", router), ("version", "v2"), ("services", LaneRelease.Images("mocka,mockc", "v2")),
            ("gateway", MockApp.Gateway), ("app-services", "mocka,mockb,mockc")];
        foreach (var (step, inputs) in new (string, (string, string)[])[]
        {
            ("deploy-gray", deploy),
            ("shift-traffic", [("app", "mock"), ("weight", "20")]),
            ("promote", [("app", "mock")]),
            ("rollback", [("app", "mock")]),
        })
        {
            var (code, host) = await c.RunAsync(step, inputs);
            Assert.True(code == 0, host.Log);
            var writes = await c.WritesAsync();
            (code, host) = await c.RunAsync(step, inputs);
            Assert.True(code == 0, host.Log);
            Assert.True(writes == await c.WritesAsync(), $"{step} wrote again:\n{host.Log}");
        }
    }

    [Theory]
    [MemberData(nameof(Routers))]
    public async Task A_gateway_route_changed_by_someone_else_stops_shift_traffic_until_accepted(string router)
    {
        await using var c = await StartAsync(router, seedAsm: false);
        await LaneRelease.DeployAsync(c, router, "v2", LaneRelease.Images("mocka,mockc", "v2"), ("app-services", "mocka,mockb,mockc"));
        await LaneRelease.StepAsync(c, "shift-traffic", ("weight", "20"));
        var vs = c.Server.Get("networking.istio.io/v1", "VirtualService", "istio-system", "graylane-mock-entry")!;
        vs["spec"]!["http"]![0]!["route"]![0]!["weight"] = 50;
        vs["spec"]!["http"]![0]!["route"]![1]!["weight"] = 50;
        await c.Server.ApplyYamlAsync(vs.ToJsonString());

        var writes = await c.WritesAsync();
        var (code, host) = await c.RunAsync("shift-traffic", ("app", "mock"), ("weight", "30"));
        Assert.Equal(2, code);
        Assert.Contains(host.Errors, e => e.Contains("changed since Graylane") && e.Contains("expected 80, found 50"));
        Assert.Equal(writes, await c.WritesAsync());

        (code, host) = await c.RunAsync("shift-traffic", ("app", "mock"), ("weight", "30"), ("accept-drift", "true"));
        Assert.True(code == 0, host.Log);
        Assert.Equal("30", host.Outputs["gray-weight"]);
    }

    [Theory]
    [InlineData("services", "mockd=shop/mock:v2", "mockd is not a service of app mock")]
    [InlineData("version", "V2_", "is not a valid lane name")]
    [InlineData("baselines", "mockb=v9", "no Deployment behind Service mockb runs version=v9")]
    [InlineData("route-header", "X Lane", "is not a lower-case HTTP header name")]
    [InlineData("app-services", "mocka,mockx", "Service mockx not found")]
    public async Task Bad_input_is_refused_by_name_before_anything_changes(string input, string value, string message)
    {
        await using var c = await MockApp.StartAsync();
        var inputs = new Dictionary<string, string>
        {
            ["app"] = "mock", ["router"] = "lanes", ["version"] = "v2", ["services"] = LaneRelease.Images("mocka", "v2"),
            ["app-services"] = "mocka,mockb,mockc", [input] = value,
        };
        var writes = await c.WritesAsync();
        var (code, host) = await c.RunAsync("deploy-gray", inputs.Select(kv => (kv.Key, kv.Value)).ToArray());
        Assert.Equal(2, code);
        Assert.Contains(host.Errors, e => e.Contains(message));
        Assert.Equal(writes, await c.WritesAsync());
    }

    [Theory]
    [MemberData(nameof(Routers))]
    public async Task Shift_traffic_refuses_request_matches_and_mirrors_which_belong_to_dev_lanes(string router)
    {
        await using var c = await MockApp.StartAsync();
        await LaneRelease.DeployAsync(c, router, "v2", LaneRelease.Images("mocka", "v2"), ("app-services", "mocka,mockb,mockc"));
        var writes = await c.WritesAsync();
        var (code, host) = await c.RunAsync("shift-traffic", ("app", "mock"), ("weight", "10"), ("match", "header:x-canary=true"));
        Assert.Equal(2, code);
        Assert.Contains(host.Errors, e => e.Contains("graylane lane create --match"));
        Assert.Equal(writes, await c.WritesAsync());
    }

    [Fact]
    public async Task The_local_cluster_validates_asm_lane_objects_against_their_schema()
    {
        await using var c = await MockApp.StartAsync();
        var bad = SeedAsm.GroupAndLaneV1.Split("---")[0].Replace("isPermissive: true", "isPermissive: \"yes\"");
        var ex = await Assert.ThrowsAnyAsync<Exception>(() => c.Server.ApplyYamlAsync(bad));
        Assert.Contains("isPermissive", ex.ToString());
        var noServices = SeedAsm.GroupAndLaneV1.Split("---")[0].Replace("  services:", "  notServices:");
        Assert.Contains("services", (await Assert.ThrowsAnyAsync<Exception>(() => c.Server.ApplyYamlAsync(noServices))).ToString());
        await c.Server.ApplyYamlAsync(SeedAsm.GroupAndLaneV1); // the seed's own objects are valid
    }

    [Theory]
    [MemberData(nameof(Routers))]
    public async Task A_lane_workload_that_never_gets_ready_is_explained_and_everything_is_put_back(string router)
    {
        await using var c = await StartAsync(router, seedAsm: router == "asm-lanes");
        var before = ClusterObjects.Capture(c);
        c.Server.Knobs.FailImagePull("shop/mock:broken");
        var (code, host) = await c.RunAsync("deploy-gray", ("app", "mock"), ("router", router), ("version", "v2"), ("timeout", "3s"),
            ("services", $"mocka={MockApp.Image},mockc=shop/mock:broken"), ("app-services", "mocka,mockb,mockc"));
        Assert.Equal(1, code);
        Assert.Contains(host.Errors, e => e.Contains("cannot pull image shop/mock:broken"));
        Assert.Equal(before, ClusterObjects.Capture(c));
        Assert.Contains("Phase:     Failed", (await c.RunAsync("status", ("app", "mock"))).Host.Log);
        c.Server.Knobs.Clear();
        await LaneRelease.DeployAsync(c, router, "v2", LaneRelease.Images("mocka,mockc", "v2"), ("app-services", "mocka,mockb,mockc"));
    }

    [Fact]
    public async Task Status_shows_each_services_baseline_and_lane_version()
    {
        await using var c = await MockApp.StartAsync();
        await LaneRelease.DeployAsync(c, "lanes", "v2", LaneRelease.Images("mocka,mockc", "v2"), ("app-services", "mocka,mockb,mockc"));
        await LaneRelease.StepAsync(c, "shift-traffic", ("weight", "20"));
        var (code, host) = await c.RunAsync("status", ("app", "mock"));
        Assert.True(code == 0, host.Log);
        Assert.Contains("mocka: v1 (baseline) 80% | mocka: v2 (gray) 20% | mockb: v1 (baseline) 100% | mockc: v1 (baseline) 80% | mockc: v2 (gray) 20%", host.Log);
        Assert.Contains(host.Warnings, w => w.Contains("mockb has no workload in lane v2: its 20% fall back to its baseline v1"));
        Assert.Contains(host.Warnings, w => w.Contains("lane v2: mocka, mockc"));
    }
}
