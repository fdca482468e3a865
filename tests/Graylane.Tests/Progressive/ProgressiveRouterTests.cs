using Graylane.Core.Json;
using Graylane.Core.Model;
using Graylane.Engine.Records;
using Graylane.Engine.Routing;
using Graylane.Tests.Approvals.Support;
using Graylane.Tests.Lanes;
using Graylane.Tests.Support;

namespace Graylane.Tests.Progressive;

/// <summary>
/// shift-traffic --steps with every router that takes weights (read from the routers' declared capabilities, so a new
/// router is tried here as soon as it declares partial weights — and fails this test until it has a release to try).
/// </summary>
public class ProgressiveRouterTests
{
    public static TheoryData<string> WeightingRouters()
    {
        var data = new TheoryData<string>();
        foreach (var (kind, caps) in RouterRegistry.Capabilities.Where(r => r.Caps.PartialWeights)) data.Add(kind.Name());
        return data;
    }

    private static async Task<(ClusterFixture Cluster, string App)> ReleaseAsync(string router)
    {
        ClusterFixture c;
        string app;
        (string, string)[] deploy;
        switch (router)
        {
            case "istio":
                c = await ClusterFixture.StartAsync(Bookinfo.Reviews, "reviews-v1");
                app = "reviews";
                deploy = [("service", "reviews"), ("router", "istio"), ("image", "istio/examples-bookinfo-reviews-v2:1.16.2"), ("version", "v2")];
                break;
            case "lanes" or "asm-lanes":
                c = await MockApp.StartAsync();
                app = "mock";
                deploy = [("app", "mock"), ("router", router), ("version", "v2"), ("services", LaneRelease.Images("mocka", "v2")),
                          ("app-services", "mocka,mockb,mockc"), ("gateway", MockApp.Gateway)];
                break;
            case "gateway-api":
                c = await ClusterFixture.StartAsync(GatewayShop.Yaml, "web");
                app = "web";
                deploy = [("service", "web"), ("router", "gateway-api"), ("http-route", "web"), ("image", "registry.example.com/shop/web:2.0"), ("version", "v2")];
                break;
            case "replicas":
                c = await ClusterFixture.StartAsync(Routing.Replicas.ReplicasSeed.Web, "web");
                app = "web";
                deploy = Routing.Replicas.ReplicasSeed.Deploy;   // 30% of 5 pods: 1 pod (20%), within 10 points
                break;
            case "nginx":
                c = await ClusterFixture.StartAsync(NginxShop.Yaml, "web");
                app = "web";
                deploy = [("service", "web"), ("router", "nginx"), ("image", "registry.example.com/shop/web:2.0"), ("version", "v2")];
                break;
            default:
                throw new InvalidOperationException($"router {router} takes weights: give it a release to try --steps on here");
        }
        var (code, host) = await c.RunAsync("deploy-gray", deploy);
        Assert.True(code == 0, host.Log);
        return (c, app);
    }

    [Theory]
    [MemberData(nameof(WeightingRouters))]
    public async Task Every_router_that_takes_weights_walks_the_steps_with_the_pods_analysed(string router)
    {
        var (c, app) = await ReleaseAsync(router);
        await using var _ = c;

        var (code, host) = await ProgressiveScenario.ShiftAsync(c, app, SkipAheadClock.StartingAt2026(), CancellationToken.None,
            ("steps", "30,100"), ("step-interval", "1m"));

        Assert.True(code == 0, host.Log);
        Assert.Equal(2, host.Lines.Count(l => l.StartsWith("pods: pass", StringComparison.Ordinal)));
        Assert.Equal("100", host.Outputs["gray-weight"]);
        var cm = c.Server.Get("v1", "ConfigMap", "default", ReleaseStore.ConfigMapName(app))!;
        var run = GraylaneJson.Deserialize((string)cm["data"]![ReleaseStore.DataKey]!).Progressive!;
        Assert.Equal(ProgressiveOutcome.Completed, run.Outcome);
        Assert.Equal([30, 100], run.Reached.Select(r => r.Weight));
    }
}
