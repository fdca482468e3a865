using Graylane.Core.Json;
using Graylane.Core.Planning.Lanes;

namespace Graylane.Tests.Lanes;

/// <summary>The pure lane planning: seed 002's model transitions and the objects rendered from them.</summary>
public class LanePlanningTests
{
    private static readonly string[] Services = ["mocka", "mockb", "mockc"];

    private static LaneModel V1() => LaneModel.Bootstrap("mock", "default", Services, "mocka", "version", "version",
        new Dictionary<string, string> { ["mocka"] = "v1", ["mockb"] = "v1", ["mockc"] = "v1" });

    [Fact]
    public void Seed_sequence_v1_v2_v3_moves_baselines_and_deletes_lane_v1_only_when_mockb_leaves_it()
    {
        var v2 = LaneChanges.Split(LaneChanges.AddLane(V1(), "v2", ["mocka", "mockc"]), "v1", "v2", 20);
        Assert.Equal([new LaneWeight("v1", 80), new LaneWeight("v2", 20)], v2.Entry);
        Assert.Equal("v1", v2.Serving("mockb", "v2"));
        Assert.Equal("v2", v2.Serving("mockc", "v2"));

        var (promoted, deleted) = LaneChanges.Promote(v2, "v2", ["mocka", "mockc"]);
        Assert.Empty(deleted);
        Assert.Equal(["mockb"], promoted.Lanes["v1"]);
        Assert.Equal(["mocka", "mockc"], promoted.Lanes["v2"]);
        Assert.Equal([new LaneWeight("v2", 100)], promoted.Entry);

        var v3 = LaneChanges.Split(LaneChanges.AddLane(promoted, "v3", ["mockb"]), "v2", "v3", 100);
        Assert.Equal("v2", v3.Serving("mocka", "v3")); // the gateway enters v3 through mocka's baseline
        var (done, gone) = LaneChanges.Promote(v3, "v3", ["mockb"]);
        Assert.Equal(["v1"], gone);
        Assert.False(done.Lanes.ContainsKey("v1"));
        Assert.Equal(new Dictionary<string, string> { ["mocka"] = "v2", ["mockb"] = "v3", ["mockc"] = "v2" }, done.Baselines);
    }

    [Fact]
    public void Removing_a_dev_lane_keeps_the_services_whose_baseline_it_is()
    {
        var model = LaneChanges.AddLane(V1(), "dev-alice", ["mocka"]);
        var removed = LaneChanges.RemoveLane(model, "dev-alice");
        Assert.False(removed.Lanes.ContainsKey("dev-alice"));
        Assert.Equal(["mocka", "mockb", "mockc"], LaneChanges.RemoveLane(model, "v1").Lanes["v1"]);
    }

    [Fact]
    public void A_service_outside_the_app_is_refused()
    {
        var ex = Assert.Throws<Graylane.Core.Validation.InvalidInputException>(() => LaneChanges.AddLane(V1(), "v2", ["mockz"]));
        Assert.Contains("mockz is not a service of app mock", ex.Message);
    }

    [Fact]
    public void Istio_objects_read_back_into_the_same_model()
    {
        var model = LaneChanges.AddLane(V1(), "v2", ["mocka", "mockc"]);
        var read = new LaneModel { App = "mock", Namespace = "default", Services = Services, EntryService = "mocka", RouteHeader = "version" };
        foreach (var s in Services) Assert.True(IstioLanesPlanner.Read(read, s, IstioLanesPlanner.VirtualService(model, s)));
        Assert.Equal(model.Baselines, read.Baselines);
        Assert.Equal(model.Lanes.Select(l => (l.Key, string.Join(",", l.Value))), read.Lanes.Select(l => (l.Key, string.Join(",", l.Value))));
        var vs = IstioLanesPlanner.VirtualService(model, "mocka");
        Assert.Equal(["lane-v2", "baseline"], Obj.Objects(vs["spec"]!["http"]).Select(r => (string)r["name"]!));
        Assert.Equal("v2", (string?)vs["spec"]!["http"]![0]!["match"]![0]!["headers"]!["version"]!["exact"]);
        Assert.Equal(["v1", "v2"], IstioLanesPlanner.Subsets(IstioLanesPlanner.DestinationRule(model, "mocka")));
        Assert.Equal(["v1"], IstioLanesPlanner.Subsets(IstioLanesPlanner.DestinationRule(model, "mockb")));
    }

    [Fact]
    public void Asm_objects_have_the_seeds_shape_and_read_back()
    {
        var model = LaneChanges.AddLane(V1(), "v2", ["mocka", "mockc"]);
        var group = AsmLanesPlanner.Group(model, "istio-system/ingressgateway", "baggage", null);
        Assert.Equal("""{"default/mocka":"v1","default/mockb":"v1","default/mockc":"v1"}""",
            group["spec"]!["permissiveModeConfiguration"]!["serviceLevelFallback"]!.ToJsonString());
        Assert.Equal("ASM", (string?)group["spec"]!["ingress"]!["gateway"]!["type"]);
        var lanes = model.Lanes.Keys.Select(l => AsmLanesPlanner.Lane(model, l, null)).ToList();
        Assert.Equal("""[{"name":"mocka","namespace":"default"},{"name":"mockc","namespace":"default"}]""", lanes[1]["spec"]!["services"]!.ToJsonString());
        var read = AsmLanesPlanner.Read("mock", "default", Services, "mocka", "version", group, lanes)!;
        Assert.Equal(model.Baselines, read.Baselines);
        Assert.Equal(["mocka", "mockc"], read.Lanes["v2"]);
    }

    [Fact]
    public void The_entry_route_tags_each_lane_and_omits_the_weight_of_a_single_destination()
    {
        var v3 = LaneChanges.Split(LaneChanges.AddLane(V1(), "v3", ["mockb"]), "v1", "v3", 30);
        var vs = EntryRoutePlanner.Create("graylane-mock-entry", "istio-system/ingressgateway", "*", v3);
        Assert.Equal("""[{"destination":{"host":"mocka.default.svc.cluster.local","subset":"v1"},"weight":70,"headers":{"request":{"set":{"version":"v1"}}}},{"destination":{"host":"mocka.default.svc.cluster.local","subset":"v1"},"weight":30,"headers":{"request":{"set":{"version":"v3"}}}}]""",
            vs["spec"]!["http"]![0]!["route"]!.ToJsonString());
        Assert.Equal(v3.Entry, EntryRoutePlanner.Read(vs, 0, "version"));
        var all = LaneChanges.Split(v3, "v1", "v3", 100);
        var single = EntryRoutePlanner.Apply(vs, 0, all)["spec"]!["http"]![0]!["route"]![0]!;
        Assert.Null(single["weight"]);
        Assert.Equal([new LaneWeight("v3", 100)], EntryRoutePlanner.Read(EntryRoutePlanner.Apply(vs, 0, all), 0, "version"));
    }

    [Theory]
    [InlineData("mocka=img:1,mocka=img:2", "names mocka twice")]
    [InlineData("mocka", "must be service=image")]
    [InlineData("Mock_A=img:1", "services")]
    public void Bad_services_input_is_refused(string text, string message)
    {
        var ex = Assert.Throws<Graylane.Core.Validation.InvalidInputException>(() => LaneInputs.ServiceImages("services", text));
        Assert.Contains(message, ex.Message);
    }
}
