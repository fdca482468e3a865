using System.Text.Json.Nodes;
using Graylane.Core.Json;
using Graylane.LocalCluster.Storage;
using Graylane.Tests.Support;

namespace Graylane.Tests.Routing.Replicas;

/// <summary>--router replicas end to end on the local cluster: one Service, traffic follows the ready pods of each version.</summary>
public class ReplicasRouterTests
{
    private const string App = "web";

    [Fact]
    public async Task Deploy_gray_starts_the_gray_with_no_pods_and_proves_its_template_on_a_preview_the_service_never_reaches()
    {
        await using var c = await ClusterFixture.StartAsync(ReplicasSeed.Web, "web");
        var pods = WatchServedPods(c);
        var (code, host) = await c.RunAsync("deploy-gray", ReplicasSeed.Deploy);

        Assert.True(code == 0, host.Log);
        Assert.Equal(0, Replicas(c, "web-v2"));
        Assert.Equal(5, Replicas(c, "web"));
        Assert.Null(c.Deployment("web-v2-preview"));                 // proved ready, then removed
        Assert.Contains(host.Lines, l => l.Contains("Created preview Deployment web-v2-preview"));
        Assert.Contains(host.Lines, l => l.Contains("proved the gray's pod template ready; removed"));
        Assert.DoesNotContain("v2", pods.VersionsSeen);               // no v2 pod was ever behind the Service
        Assert.Equal("app: web", ServiceSelector(c));
        Assert.Equal(new Dictionary<string, int> { ["v1"] = 50 }, c.Served(App, 50));
        Assert.Equal("GrayReady", host.Outputs["phase"]);
    }

    [Fact]
    public async Task Shifts_set_pod_counts_to_the_nearest_split_print_the_rounding_and_never_drop_capacity()
    {
        await using var c = await ClusterFixture.StartAsync(ReplicasSeed.Web, "web");
        Assert.Equal(0, (await c.RunAsync("deploy-gray", ReplicasSeed.Deploy)).Code);
        var pods = WatchServedPods(c);

        var (code, host) = await c.RunAsync("shift-traffic", ("app", App), ("weight", "20"));
        Assert.True(code == 0, host.Log);
        Assert.Contains(host.Lines, l => l.Contains("20% asked: 1 of 5 pods, 20%"));
        Assert.Equal((1, 4), (Replicas(c, "web-v2"), Replicas(c, "web")));
        Assert.Equal(new Dictionary<string, int> { ["v1"] = 40, ["v2"] = 10 }, c.Served(App, 50));
        Assert.Equal("20", host.Outputs["gray-weight"]);

        (code, host) = await c.RunAsync("shift-traffic", ("app", App), ("weight", "50"));
        Assert.True(code == 0, host.Log);
        Assert.Contains(host.Lines, l => l.Contains("50% asked: 2 of 5 pods, 40%"));
        Assert.Equal((2, 3), (Replicas(c, "web-v2"), Replicas(c, "web")));
        Assert.Equal(new Dictionary<string, int> { ["v1"] = 30, ["v2"] = 20 }, c.Served(App, 50));

        // The same shift again writes nothing: the pods already carry 50% as asked (40% is as near as 5 pods get).
        var writes = await c.WritesAsync();
        (code, host) = await c.RunAsync("shift-traffic", ("app", App), ("weight", "50"));
        Assert.True(code == 0, host.Log);
        Assert.Contains(host.Lines, l => l.Contains("nothing to do"));
        Assert.Equal(writes, await c.WritesAsync());

        (code, host) = await c.RunAsync("shift-traffic", ("app", App), ("weight", "100"));
        Assert.True(code == 0, host.Log);
        Assert.Equal((5, 0), (Replicas(c, "web-v2"), Replicas(c, "web")));
        Assert.Equal(new Dictionary<string, int> { ["v2"] = 50 }, c.Served(App, 50));

        (code, host) = await c.RunAsync("shift-traffic", ("app", App), ("weight", "0"));
        Assert.True(code == 0, host.Log);
        Assert.Equal((0, 5), (Replicas(c, "web-v2"), Replicas(c, "web")));
        Assert.Equal(new Dictionary<string, int> { ["v1"] = 50 }, c.Served(App, 50));

        await c.Server.WaitIdleAsync();
        Assert.True(pods.FewestReady >= 5, $"ready pods behind the Service fell to {pods.FewestReady} during the shifts");
    }

    [Fact]
    public async Task Replicas_sets_a_new_total_that_makes_a_small_weight_possible()
    {
        await using var c = await ClusterFixture.StartAsync(ReplicasSeed.Web, "web");
        Assert.Equal(0, (await c.RunAsync("deploy-gray", ReplicasSeed.Deploy)).Code);
        var pods = WatchServedPods(c);

        var (code, host) = await c.RunAsync("shift-traffic", ("app", App), ("weight", "10"), ("replicas", "10"));
        Assert.True(code == 0, host.Log);
        Assert.Contains(host.Lines, l => l.Contains("10% asked: 1 of 10 pods, 10%"));
        Assert.Equal((1, 9), (Replicas(c, "web-v2"), Replicas(c, "web")));
        Assert.Equal(new Dictionary<string, int> { ["v1"] = 90, ["v2"] = 10 }, c.Served(App, 100));

        // The total stays 10 for later shifts without --replicas.
        (code, host) = await c.RunAsync("shift-traffic", ("app", App), ("weight", "30"));
        Assert.True(code == 0, host.Log);
        Assert.Equal((3, 7), (Replicas(c, "web-v2"), Replicas(c, "web")));
        await c.Server.WaitIdleAsync();
        Assert.True(pods.FewestReady >= 5, $"ready pods fell to {pods.FewestReady}");
    }

    [Fact]
    public async Task A_weight_five_pods_cannot_approach_is_refused_naming_the_nearest_and_a_total_that_would_do()
    {
        await using var c = await ClusterFixture.StartAsync(ReplicasSeed.Web, "web");
        Assert.Equal(0, (await c.RunAsync("deploy-gray", ReplicasSeed.Deploy)).Code);
        var writes = await c.WritesAsync();

        var (code, host) = await c.RunAsync("shift-traffic", ("app", App), ("weight", "5"));
        Assert.Equal(2, code);
        var error = Assert.Single(host.Errors);
        Assert.Contains("--weight 5 cannot be approached with 5 pods", error);
        Assert.Contains("the nearest is 1 of 5 pods, 20%", error);
        Assert.Contains("--replicas 7 would give 1 of 7 pods, 14%", error);
        Assert.Equal(writes, await c.WritesAsync());
    }

    [Theory]
    [InlineData("match", "header:x-canary=yes", "--router istio")]
    [InlineData("mirror", "10", "--router istio")]
    public async Task Match_and_mirror_are_refused_naming_the_routers_that_can(string input, string value, string router)
    {
        await using var c = await ClusterFixture.StartAsync(ReplicasSeed.Web, "web");
        Assert.Equal(0, (await c.RunAsync("deploy-gray", ReplicasSeed.Deploy)).Code);
        var writes = await c.WritesAsync();

        var (code, host) = await c.RunAsync("shift-traffic", ("app", App), (input, value));
        Assert.Equal(2, code);
        var error = Assert.Single(host.Errors);
        Assert.Contains($"--{input}", error);
        Assert.Contains("--router replicas", error);
        Assert.Contains(router, error);
        Assert.Equal(writes, await c.WritesAsync());
    }

    [Fact]
    public async Task Promote_leaves_every_pod_on_the_new_version_and_rollback_restores_the_release_exactly()
    {
        await using var c = await ClusterFixture.StartAsync(ReplicasSeed.Web, "web");
        var before = UserState(c);
        Assert.Equal(0, (await c.RunAsync("deploy-gray", ReplicasSeed.Deploy)).Code);
        Assert.Equal(0, (await c.RunAsync("shift-traffic", ("app", App), ("weight", "40"))).Code);

        var (code, host) = await c.RunAsync("promote", ("app", App));
        Assert.True(code == 0, host.Log);
        Assert.Equal("Promoted", host.Outputs["phase"]);
        Assert.Equal((5, 0), (Replicas(c, "web-v2"), Replicas(c, "web")));
        Assert.Equal(new Dictionary<string, int> { ["v2"] = 50 }, c.Served(App, 50));
        Assert.Equal("app: web", ServiceSelector(c));

        (code, host) = await c.RunAsync("rollback", ("app", App), ("reason", "test"));
        Assert.True(code == 0, host.Log);
        Assert.Null(c.Deployment("web-v2"));
        Assert.Equal(before, UserState(c));
        Assert.Equal(new Dictionary<string, int> { ["v1"] = 50 }, c.Served(App, 50));
    }

    [Fact]
    public async Task A_service_that_selects_only_the_baseline_is_refused_before_any_write()
    {
        await using var c = await ClusterFixture.StartAsync(ReplicasSeed.Web.Replace("""
              selector:
                app: web
              ports:
            """, """
              selector:
                app: web
                version: v1
              ports:
            """), "web");
        var writes = await c.WritesAsync();
        var (code, host) = await c.RunAsync("deploy-gray", ReplicasSeed.Deploy);
        Assert.Equal(2, code);
        var error = Assert.Single(host.Errors);
        Assert.Contains("--service web: its selector app=web,version=v1 does not select the gray web-v2's pods", error);
        Assert.Contains("(e.g. app=web alone)", error);
        Assert.Equal(writes, await c.WritesAsync());
        Assert.Null(c.Deployment("web-v2"));
    }

    private static int? Replicas(ClusterFixture c, string name) => Obj.Int(c.Deployment(name)?["spec"]?["replicas"]);

    private static string ServiceSelector(ClusterFixture c) =>
        string.Join(", ", Obj.StringMap(c.Service(App)!["spec"]!["selector"]).Select(kv => $"{kv.Key}: {kv.Value}"));

    /// <summary>The Deployments and the Service as a user wrote them (server fields stripped).</summary>
    private static string UserState(ClusterFixture c) => new JsonArray(
        [.. c.Server.List("apps/v1", "Deployment", "default").Concat(c.Server.List("v1", "Service", "default")).OrderBy(Obj.Name)
            .Select(o => (JsonNode)new JsonObject { ["name"] = Obj.Name(o), ["spec"] = ServerFields.Strip(o)["spec"]!.DeepClone() })]).ToJsonString();

    /// <summary>Follows every pod change: the fewest ready pods the Service selected at any moment, and the versions it ever selected.</summary>
    private static ServedPods WatchServedPods(ClusterFixture c)
    {
        var watcher = new ServedPods(c.Server.List("v1", "Pod", "default"));
        c.Server.Store.Changed += watcher.OnChanged;
        return watcher;
    }

    private sealed class ServedPods
    {
        private readonly Dictionary<string, (bool Ready, string? Version)> _pods = [];
        private readonly object _gate = new();

        public ServedPods(IEnumerable<JsonObject> pods)
        {
            foreach (var pod in pods) Track(pod, deleted: false);
            FewestReady = _pods.Values.Count(p => p.Ready);
        }

        public int FewestReady { get; private set; }
        public HashSet<string> VersionsSeen { get; } = [];

        public void OnChanged(StoreEvent ev)
        {
            if (ev.Resource.Kind != "Pod") return;
            lock (_gate)
            {
                Track(ev.Object, ev.Type == StoreEventType.Deleted);
                FewestReady = Math.Min(FewestReady, _pods.Values.Count(p => p.Ready));
            }
        }

        private void Track(JsonObject pod, bool deleted)
        {
            var labels = Obj.StringMap(pod["metadata"]?["labels"]);
            if (labels.GetValueOrDefault("app") != App) return;   // the Service's selector
            var ready = !deleted && pod["metadata"]?["deletionTimestamp"] is null
                && Obj.Objects(pod["status"]?["conditions"]).Any(x => (string?)x["type"] == "Ready" && (string?)x["status"] == "True");
            _pods[Obj.Name(pod)] = (ready, labels.GetValueOrDefault("version"));
            if (ready && labels.GetValueOrDefault("version") is { } version) VersionsSeen.Add(version);
        }
    }
}
