using Graylane.LocalCluster.Routing;

namespace Graylane.LocalCluster.Tests.Routing;

/// <summary>Seed 002's release stages with lanes written as plain Istio objects (no ASM kinds).</summary>
public class SeedLanesIstioTests
{
    private static readonly RouteRequest AtGateway = Requests.To("mock.example.com", gateway: MockApp.Gateway);

    private static InMemoryClusterView StageV1() => InMemoryClusterView.FromYaml(
        MockApp.Services, MockApp.Gateways,
        MockApp.Deployment("mocka", "v1"), MockApp.Deployment("mockb", "v1"), MockApp.Deployment("mockc", "v1"),
        IstioLanes.DestinationRule("mocka", "v1"), IstioLanes.DestinationRule("mockb", "v1"), IstioLanes.DestinationRule("mockc", "v1"),
        IstioLanes.VirtualService("mocka", "v1"), IstioLanes.VirtualService("mockb", "v1"), IstioLanes.VirtualService("mockc", "v1"),
        MockApp.IngressVirtualService(("v1", "v1", 100)));

    /// <summary>v2 lane holds mocka and mockc; the gateway sends 20% there.</summary>
    private static InMemoryClusterView StageV2() => StageV1().Apply(string.Join("\n---\n",
        MockApp.Deployment("mocka", "v2"), MockApp.Deployment("mockc", "v2"),
        IstioLanes.DestinationRule("mocka", "v1", "v2"), IstioLanes.DestinationRule("mockc", "v1", "v2"),
        IstioLanes.VirtualService("mocka", "v1", "v2"), IstioLanes.VirtualService("mockc", "v1", "v2"),
        MockApp.IngressVirtualService(("v1", "v1", 80), ("v2", "v2", 20))));

    /// <summary>100% to v2, baselines of mocka and mockc switched to v2, their v1 deleted.</summary>
    private static InMemoryClusterView StagePromoted() => StageV2().Apply(string.Join("\n---\n",
            MockApp.IngressVirtualService(("v2", "v2", 100)),
            IstioLanes.DestinationRule("mocka", "v2"), IstioLanes.DestinationRule("mockc", "v2"),
            IstioLanes.VirtualService("mocka", "v2"), IstioLanes.VirtualService("mockc", "v2")))
        .Delete("Deployment", "mocka-v1").Delete("Deployment", "mockc-v1");

    /// <summary>v3 changes only mockb; the gateway keeps mocka on v2 and tags v3.</summary>
    private static InMemoryClusterView StageV3() => StagePromoted().Apply(string.Join("\n---\n",
        MockApp.Deployment("mockb", "v3"),
        IstioLanes.DestinationRule("mockb", "v1", "v3"), IstioLanes.VirtualService("mockb", "v1", "v3"),
        MockApp.IngressVirtualService(("v2", "v3", 100))));

    [Fact]
    public void V1_only_serves_v1_everywhere()
    {
        var paths = new RequestRouter(StageV1(), new Random(1)).RouteMany(AtGateway, 20);
        Assert.All(paths, p => Assert.Equal("-> mocka(v1) -> mockb(v1) -> mockc(v1)", p.Text));
    }

    [Fact]
    public void V2_lane_with_mocka_and_mockc_gets_20_percent_as_v2_v1_v2()
    {
        var paths = new RequestRouter(StageV2(), new Random(2)).RouteMany(AtGateway, 1000);
        Assert.InRange(paths.Share("-> mocka(v1) -> mockb(v1) -> mockc(v1)"), 0.76, 0.84);
        Assert.InRange(paths.Share("-> mocka(v2) -> mockb(v1) -> mockc(v2)"), 0.16, 0.24);
        Assert.Equal(1.0, paths.Share("-> mocka(v1) -> mockb(v1) -> mockc(v1)") + paths.Share("-> mocka(v2) -> mockb(v1) -> mockc(v2)"), 6);
    }

    [Fact]
    public void A_mesh_request_tagged_v2_follows_the_lane_and_an_untagged_one_the_baseline()
    {
        var router = new RequestRouter(StageV2(), new Random(3));
        Assert.Equal("-> mocka(v2) -> mockb(v1) -> mockc(v2)", router.Route(Requests.To("mocka").WithHeader("version", "v2")).Text);
        Assert.Equal("-> mocka(v1) -> mockb(v1) -> mockc(v1)", router.Route(Requests.To("mocka")).Text);
    }

    [Fact]
    public void After_promotion_everything_is_v2_v1_v2()
    {
        var router = new RequestRouter(StagePromoted(), new Random(4));
        Assert.All(router.RouteMany(AtGateway, 20), p => Assert.Equal("-> mocka(v2) -> mockb(v1) -> mockc(v2)", p.Text));
        Assert.Equal("-> mocka(v2) -> mockb(v1) -> mockc(v2)", router.Route(Requests.To("mocka").WithHeader("version", "v1")).Text);
    }

    [Fact]
    public void V3_with_mockb_only_is_v2_v3_v2()
    {
        var paths = new RequestRouter(StageV3(), new Random(5)).RouteMany(AtGateway, 20);
        Assert.All(paths, p => Assert.Equal("-> mocka(v2) -> mockb(v3) -> mockc(v2)", p.Text));
    }

    [Fact]
    public void A_lane_route_to_a_deleted_version_fails_at_that_hop()
    {
        var view = StageV2().Delete("Deployment", "mockc-v2");
        var path = new RequestRouter(view).Route(Requests.To("mocka").WithHeader("version", "v2"));
        Assert.Equal("-> mocka(v2) -> mockb(v1) -> mockc(!) no ready endpoints in subset v2", path.Text);
    }
}
