using System.Text.Json.Nodes;
using Graylane.Core.Json;
using Graylane.Tests.Approvals.Support;
using Graylane.Tests.Lanes;
using Graylane.Tests.Support;

namespace Graylane.Tests.Workflows.GitHub;

/// <summary>
/// The lane examples end to end on a local cluster serving seed 002's app (mocka → mockb → mockc) behind Istio gateways:
/// full-link-lanes.yml through the Graylane actions, dev-lane.yml through actions/setup and `run: graylane lane …`.
/// </summary>
public class LaneExampleTests
{
    private const string ImageV2 = "registry.example.com/shop/mock:v2";

    private static Task<ExampleCluster> MockAppAsync() => ExampleCluster.StartInAsync("default", MockApp.V1, "mocka-v1", "mockb-v1", "mockc-v1");

    private static Dictionary<string, int> AtGateway(ExampleCluster c, int count, string gateway = MockApp.Gateway, Dictionary<string, string>? headers = null) =>
        MockApp.Tally(MockApp.AtGateway(c.Fixture, count, gateway, headers));

    private static WorkflowRunSettings FullLink(ExampleCluster cluster, Func<string, string, bool> review) => new()
    {
        Kubeconfig = cluster.Kubeconfig,
        Secrets = { ["PROD_KUBECONFIG"] = cluster.Kubeconfig },
        Inputs = { ["version"] = "v2", ["mocka-image"] = ImageV2, ["mockc-image"] = ImageV2 },
        ReviewEnvironment = review,
        Clock = SkipAheadClock.StartingAt2026(),   // promote keeps the old lane's services warm for 10m
    };

    [Fact]
    public async Task Full_link_lanes_sends_20_percent_to_lane_v2_then_all_and_promote_switches_the_baselines()
    {
        await using var cluster = await MockAppAsync();
        var seen = new Dictionary<string, Dictionary<string, int>>();

        var run = await GitHubExampleRun.RunAsync("full-link-lanes.yml", FullLink(cluster, (job, _) =>
        {
            seen[job] = AtGateway(cluster, 200);
            return true;
        }));

        Assert.True(run.Result("promote") == "success", run.Log);
        Assert.Equal("skipped", run.Result("rollback"));
        Assert.Equal("mock", run.Job("deploy").Outputs["app"]);
        // Before the first review, 20% of the gateway's traffic took lane v2: mocka v2 -> mockb's baseline v1 -> mockc v2.
        Assert.Equal([MockApp.V1V1V1, MockApp.V2V1V2], seen["all-traffic"].Keys.Order());
        Assert.InRange(seen["all-traffic"][MockApp.V2V1V2], 20, 60);
        Assert.Equal(new Dictionary<string, int> { [MockApp.V2V1V2] = 200 }, seen["promote"]);
        // Promoted: v2 is the baseline of mocka and mockc (also for requests inside the mesh), their v1 Deployments are gone.
        Assert.Equal(new Dictionary<string, int> { [MockApp.V2V1V2] = 50 }, AtGateway(cluster, 50));
        Assert.Equal(MockApp.V2V1V2, MockApp.InMesh(cluster.Fixture));
        Assert.Null(cluster.Deployment("mocka-v1"));
        Assert.Null(cluster.Deployment("mockc-v1"));
        Assert.NotNull(cluster.Deployment("mockb-v1"));
        Assert.Equal(ImageV2, cluster.Image("mocka-v2"));
    }

    [Fact]
    public async Task Full_link_lanes_rejected_before_promote_rolls_every_deployment_lane_and_route_back()
    {
        await using var cluster = await MockAppAsync();
        var before = Objects(cluster);
        var gatewayBefore = AtGateway(cluster, 50);

        var run = await GitHubExampleRun.RunAsync("full-link-lanes.yml", FullLink(cluster, (job, _) => job != "promote"));

        Assert.True(run.Result("all-traffic") == "success", run.Log);
        Assert.Equal("failure", run.Result("promote"));
        Assert.True(run.Result("rollback") == "success", run.Log);
        // Exactly as before: the same Deployments and mesh objects (none of Graylane's left), the same answer at the gateway.
        Assert.Equal(before, Objects(cluster));
        Assert.Equal(gatewayBefore, AtGateway(cluster, 50));
        Assert.Equal(MockApp.V1V1V1, MockApp.InMesh(cluster.Fixture));
        Assert.Contains("workflow 4242 failed", cluster.Get("v1", "ConfigMap", "graylane-mock")!.ToJsonString());
    }

    /// <summary>Every Deployment, VirtualService and DestinationRule of the cluster, by namespace/name, with its user content.</summary>
    private static Dictionary<string, string> Objects(ExampleCluster c) =>
        new[] { ("apps/v1", "Deployment"), ("networking.istio.io/v1", "VirtualService"), ("networking.istio.io/v1", "DestinationRule") }
            .SelectMany(t => c.Fixture.Server.List(t.Item1, t.Item2))
            .ToDictionary(o => $"{o["kind"]} {Obj.Namespace(o)}/{Obj.Name(o)}", o => ServerFields.Strip(o).ToJsonString());

    private static JsonObject PullRequest(string action, string login) => new()
    {
        ["action"] = action,
        ["number"] = 7,
        ["pull_request"] = new JsonObject { ["number"] = 7, ["user"] = new JsonObject { ["login"] = login } },
    };

    [ToolFact("bash", "curl", "tar")]
    public async Task Dev_lane_installs_graylane_with_actions_setup_creates_the_lane_on_open_and_deletes_it_on_close()
    {
        await using var cluster = await MockAppAsync();
        await using var releases = await FakeReleases.StartAsync();
        var version = ActionMetadata.ForUses("graylane/graylane/actions/setup@v1")!.Inputs["version"]!;
        releases.Release(version);
        WorkflowRunSettings Settings(string action) => new()
        {
            Kubeconfig = cluster.Kubeconfig,
            Secrets = { ["DEV_KUBECONFIG"] = cluster.Kubeconfig },
            GitHub = { ["event_name"] = "pull_request" },
            Event = PullRequest(action, "Alice-W"),
            MachineEnvironment = { ["GRAYLANE_DOWNLOAD_URL"] = releases.Url.ToString() },
        };
        var alice = new Dictionary<string, string> { ["alice-w-dev"] = "true" };
        var production = AtGateway(cluster, 10);

        var opened = await GitHubExampleRun.RunAsync("dev-lane.yml", Settings("opened"));

        Assert.True(opened.Result("lane") == "success", opened.Log);
        Assert.Equal("skipped", opened.Result("cleanup"));
        Assert.Equal([$"/{version}/graylane-linux-x64.tar.gz"], releases.Downloads);
        Assert.Contains($"GRAYLANE_STAND_IN=linux-x64 {version}", opened.Log);   // the graylane actions/setup installed ran the step
        // The PR author's lane: "Alice-W" became lane dev-alice-w, entered with the header alice-w-dev: true at the dev gateway.
        Assert.Equal(new Dictionary<string, int> { ["-> mocka(dev-alice-w) -> mockb(v1) -> mockc(v1)"] = 10 },
            AtGateway(cluster, 10, MockApp.DevGateway, alice));
        Assert.Equal(production, AtGateway(cluster, 10));   // production untouched
        Assert.Equal(MockApp.V1V1V1, MockApp.InMesh(cluster.Fixture));
        Assert.Equal("registry.example.com/shop/mocka:pr-7", cluster.Image("mocka-dev-alice-w"));

        var reopened = await GitHubExampleRun.RunAsync("dev-lane.yml", Settings("synchronize"));
        Assert.True(reopened.Result("lane") == "success", reopened.Log);   // again: the lane is there, nothing to change

        var closed = await GitHubExampleRun.RunAsync("dev-lane.yml", Settings("closed"));

        Assert.Equal("skipped", closed.Result("lane"));
        Assert.True(closed.Result("cleanup") == "success", closed.Log);
        Assert.Null(cluster.Deployment("mocka-dev-alice-w"));
        Assert.All(MockApp.AtGateway(cluster.Fixture, 5, MockApp.DevGateway, alice), p => Assert.True(p.Error is not null && !p.Text.Contains("dev-alice-w"), p.Text));
        Assert.Equal(production, AtGateway(cluster, 10));
    }
}
