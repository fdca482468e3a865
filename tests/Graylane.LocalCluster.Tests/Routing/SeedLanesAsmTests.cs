using Graylane.LocalCluster.Routing;

namespace Graylane.LocalCluster.Tests.Routing;

/// <summary>Seed 002's release and dev lanes with the Alibaba ASM objects as the article writes them.</summary>
public class SeedLanesAsmTests
{
    private const string V1V1V1 = "-> mocka(v1) -> mockb(v1) -> mockc(v1)";
    private const string V2V1V2 = "-> mocka(v2) -> mockb(v1) -> mockc(v2)";
    private static readonly RouteRequest AtGateway = Requests.To("mock.example.com", gateway: MockApp.Gateway);
    private static RouteRequest AtDevGateway(string developer) =>
        Requests.To("mock.example.com", gateway: MockApp.DevGateway).WithHeader($"{developer}-dev", "true");

    private static InMemoryClusterView StageV1() => InMemoryClusterView.FromYaml(
        MockApp.Services, MockApp.Gateways,
        MockApp.Deployment("mocka", "v1"), MockApp.Deployment("mockb", "v1"), MockApp.Deployment("mockc", "v1"),
        MockApp.LaneGroup("v1", "v1", "v1"), MockApp.Lane("v1", "mocka", "mockb", "mockc"),
        MockApp.IngressVirtualService(("v1", "v1", 100)));

    private static InMemoryClusterView WithDevLanes(InMemoryClusterView view) => view.Apply(string.Join("\n---\n",
        MockApp.Deployment("mocka", "dev-alice"), MockApp.Lane("dev-alice", "mocka"),
        MockApp.DevVirtualService("alice", "dev-alice", "dev-alice"),
        MockApp.Deployment("mockc", "dev-caros"), MockApp.Lane("dev-caros", "mockc"),
        MockApp.DevVirtualService("caros", "v1", "dev-caros")));

    private static InMemoryClusterView StageV2() => StageV1().Apply(string.Join("\n---\n",
        MockApp.Deployment("mocka", "v2"), MockApp.Deployment("mockc", "v2"), MockApp.Lane("v2", "mocka", "mockc"),
        MockApp.IngressVirtualService(("v1", "v1", 80), ("v2", "v2", 20))));

    private static InMemoryClusterView StagePromoted(InMemoryClusterView v2) => v2.Apply(string.Join("\n---\n",
            MockApp.IngressVirtualService(("v2", "v2", 100)),
            MockApp.LaneGroup("v2", "v1", "v2"), MockApp.Lane("v1", "mockb")))
        .Delete("Deployment", "mocka-v1").Delete("Deployment", "mockc-v1");

    private static InMemoryClusterView StageV3() => StagePromoted(StageV2()).Apply(string.Join("\n---\n",
        MockApp.Deployment("mockb", "v3"), MockApp.Lane("v3", "mockb"),
        MockApp.IngressVirtualService(("v2", "v3", 100))));

    [Fact]
    public void V1_lane_through_the_gateway_is_v1_everywhere() =>
        Assert.All(new RequestRouter(StageV1(), new Random(1)).RouteMany(AtGateway, 20), p => Assert.Equal(V1V1V1, p.Text));

    [Fact]
    public void Dev_lanes_hold_one_service_and_fall_back_to_the_baseline_for_the_rest()
    {
        var router = new RequestRouter(WithDevLanes(StageV1()), new Random(2));
        var alice = router.Route(AtDevGateway("alice"));
        Assert.Equal("-> mocka(dev-alice) -> mockb(v1) -> mockc(v1)", alice.Text);
        Assert.Equal([null, Hop.FallbackNote, Hop.FallbackNote], alice.Hops.Select(h => h.Note));
        // caros: the gateway pins mocka to the v1 lane but tags dev-caros, so mockc picks the dev lane
        Assert.Equal("-> mocka(v1) -> mockb(v1) -> mockc(dev-caros)", router.Route(AtDevGateway("caros")).Text);
        var nobody = router.Route(Requests.To("mock.example.com", gateway: MockApp.DevGateway));
        Assert.StartsWith("404 no route matched", nobody.Error);
    }

    [Fact]
    public void V2_lane_gets_20_percent_as_v2_v1_v2_with_mockb_falling_back()
    {
        var paths = new RequestRouter(StageV2(), new Random(3)).RouteMany(AtGateway, 1000);
        Assert.InRange(paths.Share(V1V1V1), 0.76, 0.84);
        Assert.InRange(paths.Share(V2V1V2), 0.16, 0.24);
        var v2 = paths.First(p => p.Text == V2V1V2);
        Assert.Equal([null, Hop.FallbackNote, null], v2.Hops.Select(h => h.Note));
        Assert.Equal("mockb-v1-0", v2.Hops[1].Pod);
    }

    [Fact]
    public void Mesh_requests_pick_the_lane_by_the_route_header_and_untagged_ones_the_baseline()
    {
        var router = new RequestRouter(StageV2(), new Random(4));
        Assert.Equal(V2V1V2, router.Route(Requests.To("mocka").WithHeader("version", "v2")).Text);
        Assert.Equal(V1V1V1, router.Route(Requests.To("mocka")).Text);
        Assert.Equal(V1V1V1, router.Route(Requests.To("mocka").WithHeader("version", "no-such-lane")).Text);
    }

    [Fact]
    public void After_promotion_and_the_baseline_switch_all_traffic_is_v2_v1_v2()
    {
        var router = new RequestRouter(StagePromoted(StageV2()), new Random(5));
        Assert.All(router.RouteMany(AtGateway, 20), p => Assert.Equal(V2V1V2, p.Text));
        Assert.Equal(V2V1V2, router.Route(Requests.To("mocka")).Text);
        Assert.Equal(V2V1V2, router.Route(Requests.To("mocka").WithHeader("version", "v1")).Text);
    }

    [Fact]
    public void After_the_baseline_switch_alice_sees_the_new_mockc()
    {
        var view = StagePromoted(WithDevLanes(StageV2()));
        Assert.Equal("-> mocka(dev-alice) -> mockb(v1) -> mockc(v2)", new RequestRouter(view).Route(AtDevGateway("alice")).Text);
    }

    [Fact]
    public void V3_lane_with_mockb_only_is_v2_v3_v2_and_bob_gets_his_mockb()
    {
        var view = StageV3().Apply(string.Join("\n---\n", MockApp.Deployment("mockb", "dev-bob"),
            MockApp.Lane("dev-bob", "mockb"), MockApp.DevVirtualService("bob", "v2", "dev-bob")));
        var router = new RequestRouter(view, new Random(6));
        Assert.All(router.RouteMany(AtGateway, 20), p => Assert.Equal("-> mocka(v2) -> mockb(v3) -> mockc(v2)", p.Text));
        Assert.Equal("-> mocka(v2) -> mockb(dev-bob) -> mockc(v2)", router.Route(AtDevGateway("bob")).Text);
    }

    [Fact]
    public void Retiring_lane_v1_after_mockb_baseline_moves_to_v3()
    {
        var view = StageV3().Apply(MockApp.LaneGroup("v2", "v3", "v2"))
            .Delete("Deployment", "mockb-v1").Delete("ASMSwimLane", "v1", null);
        var router = new RequestRouter(view, new Random(7));
        Assert.Equal("-> mocka(v2) -> mockb(v3) -> mockc(v2)", router.Route(Requests.To("mocka")).Text);
        Assert.Equal("-> mocka(v2) -> mockb(v3) -> mockc(v2)", router.Route(AtGateway).Text);
    }

    [Fact]
    public void A_baseline_lane_that_does_not_exist_is_an_error()
    {
        var view = StageV1().Apply(MockApp.LaneGroup("v1", "v0", "v1"));
        var path = new RequestRouter(view).Route(Requests.To("mocka"));
        Assert.Equal("-> mocka(v1) -> mockb(!) lane group mock: fallback lane v0 of default/mockb does not exist", path.Text);
    }

    [Fact]
    public void The_API_spelling_serviceLevelFallbackTarget_and_fallbackTarget_work_too()
    {
        const string group = """
            apiVersion: istio.alibabacloud.com/v1
            kind: ASMSwimLaneGroup
            metadata: {name: mock}
            spec:
              isPermissive: true
              permissiveModeConfiguration:
                routeHeader: version
                fallbackTarget: v2
                serviceLevelFallbackTarget: {default/mocka: v1}
              services: [{name: mocka, namespace: default}, {name: mockb, namespace: default}, {name: mockc}]
            """;
        var view = StageV2().Apply(group);
        Assert.Equal("-> mocka(v1) -> mockb(!) no ready endpoints in lane v2", new RequestRouter(view).Route(Requests.To("mocka")).Text);
        view.Apply(MockApp.Lane("v2", "mocka", "mockb", "mockc")).Apply(MockApp.Deployment("mockb", "v2"));
        Assert.Equal("-> mocka(v1) -> mockb(v2) -> mockc(v2)", new RequestRouter(view).Route(Requests.To("mocka")).Text);
    }
}
