using Graylane.Cli;
using Graylane.Engine.Steps;
using Graylane.Tests.Support;

namespace Graylane.Tests.Lanes;

/// <summary>Seed 002's developer lanes (alice, caros, bob) on the dev gateway, beside the production release, for both lane routers.</summary>
public class DevLanesTests
{
    public static TheoryData<string> Routers => new() { "lanes", "asm-lanes" };

    private static async Task<(int Code, TestHost Host)> LaneAsync(ClusterFixture c, string sub, params (string Name, string Value)[] inputs)
    {
        var values = inputs.ToDictionary(i => i.Name, i => i.Value);
        values.TryAdd("kubeconfig", c.Kubeconfig);
        values.TryAdd("timeout", "20s");
        values.TryAdd("app", "mock");
        values.TryAdd("gateway", MockApp.DevGateway);
        var host = new TestHost(values);
        var code = await StepRunner.RunAsync(LaneCommand.Find(sub)!, host, new Dictionary<string, string>());
        return (code, host);
    }

    private static async Task CreateAsync(ClusterFixture c, string router, string developer, string service, params (string, string)[] extra)
    {
        var (code, host) = await LaneAsync(c, "create", [("router", router), ("name", $"dev-{developer}"), ("services", $"{service}={MockApp.Image}"),
            ("match", $"header:{developer}-dev=true"), .. extra]);
        Assert.True(code == 0, host.Log);
    }

    private static string Dev(ClusterFixture c, string developer) =>
        MockApp.AtGateway(c, 1, MockApp.DevGateway, new Dictionary<string, string> { [$"{developer}-dev"] = "true" })[0].Text;

    [Theory]
    [MemberData(nameof(Routers))]
    public async Task Dev_lanes_hold_one_service_fall_back_to_the_baselines_and_follow_a_release(string router)
    {
        await using var c = await MockApp.StartAsync();
        await CreateAsync(c, router, "alice", "mocka", ("app-services", "mocka,mockb,mockc"));
        await CreateAsync(c, router, "caros", "mockc", ("app-services", "mocka,mockb,mockc"));
        Assert.Equal("-> mocka(dev-alice) -> mockb(v1) -> mockc(v1)", Dev(c, "alice"));
        Assert.Equal("-> mocka(v1) -> mockb(v1) -> mockc(dev-caros)", Dev(c, "caros")); // enters through the baseline, tagged dev-caros
        Assert.Equal(MockApp.V1V1V1, MockApp.InMesh(c));
        var nobody = MockApp.AtGateway(c, 1, MockApp.DevGateway)[0];
        Assert.StartsWith("404 no route matched", nobody.Error);

        var writes = await c.WritesAsync();
        await CreateAsync(c, router, "alice", "mocka");
        Assert.Equal(writes, await c.WritesAsync()); // again: nothing to write

        // v2 ships in production (mocka, mockc); alice's lane now falls back to the new baselines.
        await LaneRelease.DeployAsync(c, router, "v2", LaneRelease.Images("mocka,mockc", "v2"), ("app-services", "mocka,mockb,mockc"));
        await LaneRelease.StepAsync(c, "shift-traffic", ("weight", "100"));
        await LaneRelease.StepAsync(c, "promote");
        Assert.Equal("-> mocka(dev-alice) -> mockb(v1) -> mockc(v2)", Dev(c, "alice"));
        await CreateAsync(c, router, "bob", "mockb");
        Assert.Equal("-> mocka(v2) -> mockb(dev-bob) -> mockc(v2)", Dev(c, "bob"));
        Assert.All(MockApp.AtGateway(c, 10), p => Assert.Equal(MockApp.V2V1V2, p.Text));

        var (code, host) = await LaneAsync(c, "delete", ("name", "dev-alice"));
        Assert.True(code == 0, host.Log);
        Assert.Null(c.Deployment("mocka-dev-alice"));
        Assert.Null(c.Server.Get("networking.istio.io/v1", "VirtualService", "istio-system", "graylane-mock-lane-dev-alice"));
        if (router == "asm-lanes") Assert.Null(c.Server.Get("istio.alibabacloud.com/v1", "ASMSwimLane", null, "dev-alice"));
        else Assert.DoesNotContain("dev-alice", c.Server.Get("networking.istio.io/v1", "DestinationRule", "default", "graylane-mocka")!.ToJsonString());
        Assert.StartsWith("404 no route matched", MockApp.AtGateway(c, 1, MockApp.DevGateway, new Dictionary<string, string> { ["alice-dev"] = "true" })[0].Error);
        Assert.Equal("-> mocka(v2) -> mockb(v1) -> mockc(v2)", MockApp.InMesh(c, "dev-alice"));
        Assert.Equal("-> mocka(v2) -> mockb(dev-bob) -> mockc(v2)", Dev(c, "bob"));
    }

    [Theory]
    [InlineData("name", "Dev_Alice!", "is not a valid lane name")]
    [InlineData("services", "mockz=img:1", "mockz is not a service of app mock")]
    [InlineData("match", "", "a dev lane needs --match")]
    [InlineData("name", "v1", "v1 is mocka's baseline")]
    public async Task Bad_dev_lane_input_is_refused_before_anything_changes(string input, string value, string message)
    {
        await using var c = await MockApp.StartAsync();
        var inputs = new Dictionary<string, string>
        {
            ["name"] = "dev-alice", ["services"] = $"mocka={MockApp.Image}", ["match"] = "header:alice-dev=true", ["app-services"] = "mocka,mockb,mockc", [input] = value,
        };
        var writes = await c.WritesAsync();
        var (code, host) = await LaneAsync(c, "create", inputs.Select(kv => (kv.Key, kv.Value)).ToArray());
        Assert.Equal(2, code);
        Assert.Contains(host.Errors, e => e.Contains(message));
        Assert.Equal(writes, await c.WritesAsync());
    }
}
