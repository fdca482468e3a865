using System.Text.Json.Nodes;
using Graylane.Core.Json;
using Graylane.Tests.Support;

namespace Graylane.Tests.Lanes;

/// <summary>Seed 002's v1 → v2 → v3 story with --router lanes (plain Istio VirtualServices and DestinationRules).</summary>
public class LanesIstioReleaseTests
{
    private const string Router = "lanes";

    private static JsonObject? Vs(ClusterFixture c, string name, string ns = "default") => c.Server.Get("networking.istio.io/v1", "VirtualService", ns, name);
    private static JsonObject? Dr(ClusterFixture c, string name) => c.Server.Get("networking.istio.io/v1", "DestinationRule", "default", name);
    private static string[] Subsets(ClusterFixture c, string service) =>
        Obj.Objects(Dr(c, $"graylane-{service}")?["spec"]?["subsets"]).Select(s => (string)s["name"]!).ToArray();

    [Fact]
    public async Task The_v2_lane_takes_20_percent_as_v2_v1_v2_then_promote_and_v3_leave_mockb_on_v1_until_v3()
    {
        await using var c = await MockApp.StartAsync();
        await LaneRelease.DeployAsync(c, Router, "v2", LaneRelease.Images("mocka,mockc", "v2"), ("app-services", "mocka,mockb,mockc"));
        Assert.NotNull(c.Deployment("mocka-v2"));
        Assert.NotNull(c.Deployment("mockc-v2"));
        Assert.Null(c.Deployment("mockb-v2")); // mockb did not change: the v2 lane falls back to its baseline
        Assert.Equal("v2", (string?)c.Deployment("mocka-v2")!["spec"]!["template"]!["metadata"]!["labels"]!["ASM_TRAFFIC_TAG"]);
        Assert.All(MockApp.AtGateway(c, 20), p => Assert.Equal(MockApp.V1V1V1, p.Text));
        Assert.Equal(MockApp.V2V1V2, MockApp.InMesh(c, "v2"));
        Assert.Equal(MockApp.V1V1V1, MockApp.InMesh(c));

        await LaneRelease.StepAsync(c, "shift-traffic", ("weight", "20"));
        var tally = MockApp.Tally(MockApp.AtGateway(c, 1000));
        Assert.Equal(1000, tally.GetValueOrDefault(MockApp.V1V1V1) + tally.GetValueOrDefault(MockApp.V2V1V2));
        Assert.InRange(tally[MockApp.V2V1V2], 160, 240);
        var entry = Vs(c, "graylane-mock-entry", "istio-system")!["spec"]!["http"]![0]!["route"]!.AsArray();
        Assert.Equal([("v1", 80, "v1"), ("v2", 20, "v2")], entry.Select(d =>
            ((string)d!["destination"]!["subset"]!, (int)d["weight"]!, (string)d["headers"]!["request"]!["set"]!["version"]!)));

        await LaneRelease.StepAsync(c, "promote");
        Assert.All(MockApp.AtGateway(c, 20), p => Assert.Equal(MockApp.V2V1V2, p.Text));
        Assert.Equal(MockApp.V2V1V2, MockApp.InMesh(c)); // untagged requests: the baselines are v2, v1, v2 now
        Assert.Null(c.Deployment("mocka-v1"));
        Assert.Null(c.Deployment("mockc-v1"));
        Assert.NotNull(c.Deployment("mockb-v1"));
        Assert.Equal(["v2"], Subsets(c, "mocka"));
        Assert.Equal(["v1"], Subsets(c, "mockb"));

        await LaneRelease.DeployAsync(c, Router, "v3", LaneRelease.Images("mockb", "v3"));
        Assert.All(MockApp.AtGateway(c, 20), p => Assert.Equal(MockApp.V2V1V2, p.Text));
        await LaneRelease.StepAsync(c, "shift-traffic", ("weight", "100"));
        var gateway = Vs(c, "graylane-mock-entry", "istio-system")!["spec"]!["http"]![0]!["route"]![0]!;
        Assert.Equal("v2", (string?)gateway["destination"]!["subset"]); // the entry service has no v3: its baseline, tagged v3
        Assert.Equal("v3", (string?)gateway["headers"]!["request"]!["set"]!["version"]);
        Assert.All(MockApp.AtGateway(c, 20), p => Assert.Equal(MockApp.V2V3V2, p.Text));

        await LaneRelease.StepAsync(c, "promote");
        Assert.All(MockApp.AtGateway(c, 20), p => Assert.Equal(MockApp.V2V3V2, p.Text));
        Assert.Equal(MockApp.V2V3V2, MockApp.InMesh(c));
        Assert.Null(c.Deployment("mockb-v1"));
        Assert.Equal(["v3"], Subsets(c, "mockb"));
        Assert.DoesNotContain("v1", c.Server.List("networking.istio.io/v1", "DestinationRule", "default")
            .SelectMany(d => Obj.Objects(d["spec"]?["subsets"])).Select(s => (string?)s["name"])); // lane v1 is gone
    }
}
