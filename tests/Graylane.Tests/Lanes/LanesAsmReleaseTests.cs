using System.Text.Json.Nodes;
using Graylane.Core.Json;
using Graylane.Tests.Support;

namespace Graylane.Tests.Lanes;

/// <summary>Seed 002's v1 → v2 → v3 story with --router asm-lanes: ASMSwimLaneGroup / ASMSwimLane and the gateway VirtualService.</summary>
public class LanesAsmReleaseTests
{
    private const string Router = "asm-lanes";

    private static JsonObject? Group(ClusterFixture c) => c.Server.Get("istio.alibabacloud.com/v1", "ASMSwimLaneGroup", null, "mock");
    private static JsonObject? Lane(ClusterFixture c, string name) => c.Server.Get("istio.alibabacloud.com/v1", "ASMSwimLane", null, name);
    private static string[] LaneServices(ClusterFixture c, string name) =>
        Obj.Objects(Lane(c, name)?["spec"]?["services"]).Select(s => (string)s["name"]!).ToArray();
    private static Dictionary<string, string> Fallback(ClusterFixture c) =>
        Obj.StringMap(Group(c)!["spec"]!["permissiveModeConfiguration"]!["serviceLevelFallback"]);
    private static JsonArray Entry(ClusterFixture c, string name) =>
        c.Server.Get("networking.istio.io/v1", "VirtualService", "istio-system", name)!["spec"]!["http"]![0]!["route"]!.AsArray();

    [Fact]
    public async Task With_the_seeds_own_group_lane_and_gateway_route_the_objects_follow_the_article_stage_by_stage()
    {
        await using var c = await MockApp.StartAsync();
        await c.Server.ApplyYamlAsync(SeedAsm.GroupAndLaneV1 + "\n---\n" + SeedAsm.IngressVirtualService);
        Assert.All(MockApp.AtGateway(c, 10), p => Assert.Equal(MockApp.V1V1V1, p.Text));

        // The app's services come from the group; the gateway route is found on the gateway.
        await LaneRelease.DeployAsync(c, Router, "v2", LaneRelease.Images("mocka,mockc", "v2"));
        Assert.Equal(["mocka", "mockc"], LaneServices(c, "v2"));
        Assert.Equal("v2", (string?)Lane(c, "v2")!["spec"]!["labelSelector"]!["version"]);
        Assert.Equal("mock", (string?)Lane(c, "v2")!["metadata"]!["labels"]!["swimlane-group"]);
        Assert.All(MockApp.AtGateway(c, 10), p => Assert.Equal(MockApp.V1V1V1, p.Text));
        Assert.Equal(MockApp.V2V1V2, MockApp.InMesh(c, "v2"));

        await LaneRelease.StepAsync(c, "shift-traffic", ("weight", "20"));
        var tally = MockApp.Tally(MockApp.AtGateway(c, 1000));
        Assert.Equal(1000, tally.GetValueOrDefault(MockApp.V1V1V1) + tally.GetValueOrDefault(MockApp.V2V1V2));
        Assert.InRange(tally[MockApp.V2V1V2], 160, 240);
        Assert.Equal([("v1", 80, "v1"), ("v2", 20, "v2")], Entry(c, "swimlane-ingress-vs").Select(d =>
            ((string)d!["destination"]!["subset"]!, (int)d["weight"]!, (string)d["headers"]!["request"]!["set"]!["version"]!)));

        await LaneRelease.StepAsync(c, "promote");
        Assert.All(MockApp.AtGateway(c, 20), p => Assert.Equal(MockApp.V2V1V2, p.Text));
        Assert.Equal(new Dictionary<string, string> { ["default/mocka"] = "v2", ["default/mockb"] = "v1", ["default/mockc"] = "v2" }, Fallback(c));
        Assert.Equal(["mockb"], LaneServices(c, "v1"));
        Assert.Equal("ce6ed3969d62c4baf89fb3b7f60be7f73", (string?)Group(c)!["spec"]!["services"]![0]!["cluster"]!["id"]); // the user's fields stay
        var single = Assert.Single(Entry(c, "swimlane-ingress-vs"));
        Assert.Null(single!["weight"]);
        Assert.Equal("v2", (string?)single["destination"]!["subset"]);
        Assert.Null(c.Deployment("mocka-v1"));
        Assert.Null(c.Deployment("mockc-v1"));

        await LaneRelease.DeployAsync(c, Router, "v3", LaneRelease.Images("mockb", "v3"));
        Assert.Equal(["mockb"], LaneServices(c, "v3"));
        await LaneRelease.StepAsync(c, "shift-traffic", ("weight", "100"));
        Assert.All(MockApp.AtGateway(c, 20), p => Assert.Equal(MockApp.V2V3V2, p.Text));
        var v3 = Assert.Single(Entry(c, "swimlane-ingress-vs"))!; // the article's v3 ingress: mocka's latest version, tagged v3
        Assert.Equal("v2", (string?)v3["destination"]!["subset"]);
        Assert.Equal("v3", (string?)v3["headers"]!["request"]!["set"]!["version"]);
        await LaneRelease.StepAsync(c, "promote");
        Assert.Equal(new Dictionary<string, string> { ["default/mocka"] = "v2", ["default/mockb"] = "v3", ["default/mockc"] = "v2" }, Fallback(c));
        Assert.Null(Lane(c, "v1")); // no service of v1 takes traffic any more
        Assert.Null(c.Deployment("mockb-v1"));
        Assert.Equal(["mocka", "mockc"], LaneServices(c, "v2"));
        Assert.All(MockApp.AtGateway(c, 20), p => Assert.Equal(MockApp.V2V3V2, p.Text));
        Assert.Equal(MockApp.V2V3V2, MockApp.InMesh(c));
    }

    [Fact]
    public async Task Without_lane_objects_graylane_creates_the_group_the_baseline_lane_and_the_gateway_route()
    {
        await using var c = await MockApp.StartAsync();
        await LaneRelease.DeployAsync(c, Router, "v2", LaneRelease.Images("mocka,mockc", "v2"), ("app-services", "mocka,mockb,mockc"));
        var config = Group(c)!["spec"]!["permissiveModeConfiguration"]!;
        Assert.True((bool)Group(c)!["spec"]!["isPermissive"]!);
        Assert.Equal("version", (string?)config["routeHeader"]);
        Assert.Equal("baggage", (string?)config["traceHeader"]);
        Assert.Equal(new Dictionary<string, string> { ["default/mocka"] = "v1", ["default/mockb"] = "v1", ["default/mockc"] = "v1" }, Fallback(c));
        Assert.Equal(["mocka", "mockb", "mockc"], LaneServices(c, "v1"));
        Assert.Equal(["mocka", "mockc"], LaneServices(c, "v2"));
        Assert.All(MockApp.AtGateway(c, 10), p => Assert.Equal(MockApp.V1V1V1, p.Text));
        await LaneRelease.StepAsync(c, "shift-traffic", ("weight", "50"));
        var tally = MockApp.Tally(MockApp.AtGateway(c, 400));
        Assert.InRange(tally[MockApp.V2V1V2], 150, 250);
        Assert.InRange(tally[MockApp.V1V1V1], 150, 250);
    }
}
