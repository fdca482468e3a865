using System.Text.Json.Nodes;
using Graylane.Core.Json;
using Graylane.LocalCluster.Routing;
using Graylane.LocalCluster.Storage;
using Graylane.Tests.Support;

namespace Graylane.Tests.Steps;

/// <summary>
/// The most common shape (and k8s-deploy's own example): a Deployment and a Service selecting app: web only, no version
/// label anywhere. Graylane pins the Service (or the DestinationRule subset) to the baseline's pods by their ReplicaSet's
/// pod-template-hash — the baseline is neither relabelled nor restarted — and rollback restores the selector exactly.
/// </summary>
public class UnlabelledAppTests
{
    public const string Web = """
        apiVersion: apps/v1
        kind: Deployment
        metadata: {name: web, namespace: default, labels: {app: web}}
        spec:
          replicas: 2
          selector: {matchLabels: {app: web}}
          template:
            metadata: {labels: {app: web}}
            spec:
              containers: [{name: web, image: "nginx:1.25", ports: [{containerPort: 80}]}]
        ---
        apiVersion: v1
        kind: Service
        metadata: {name: web, namespace: default}
        spec:
          selector: {app: web}
          ports: [{port: 80, targetPort: 80}]
        """;

    public const string Hpa = """
        apiVersion: autoscaling/v2
        kind: HorizontalPodAutoscaler
        metadata: {name: web, namespace: default}
        spec:
          scaleTargetRef: {apiVersion: apps/v1, kind: Deployment, name: web}
          minReplicas: 2
          maxReplicas: 5
          metrics: [{type: Resource, resource: {name: cpu, target: {type: Utilization, averageUtilization: 70}}}]
        """;

    /// <summary>Which Deployment served each of count requests to web ("web" or "web-v2"), by the serving pod's name.</summary>
    public static Dictionary<string, int> Served(ClusterFixture c, int count = 20) =>
        c.Server.Router.RouteMany(RouteRequest.To("default", "web"), count)
            .GroupBy(p => p.Error is not null ? "error" : p.Hops[0].Pod!.StartsWith("web-v2-", StringComparison.Ordinal) ? "web-v2" : "web")
            .ToDictionary(g => g.Key, g => g.Count());

    /// <summary>The pod-template-hash of the ReplicaSet running web's current template.</summary>
    public static string BaselineHash(ClusterFixture c) =>
        c.Server.List("apps/v1", "ReplicaSet", "default")
            .Where(rs => Obj.Objects(rs["metadata"]?["ownerReferences"]).Any(o => (string?)o["name"] == "web"))
            .Where(rs => (Obj.Int(rs["spec"]?["replicas"]) ?? 0) > 0)
            .Select(rs => Obj.Labels(rs)["pod-template-hash"]).Single();

    private static int OwnedReplicaSets(ClusterFixture c) =>
        c.Server.List("apps/v1", "ReplicaSet", "default").Count(rs => Obj.Objects(rs["metadata"]?["ownerReferences"]).Any(o => (string?)o["name"] == "web"));

    private static IReadOnlyList<string> Pods(ClusterFixture c, string prefix) =>
        c.Server.List("v1", "Pod", "default").Select(p => $"{Obj.Name(p)}/{p["metadata"]!["uid"]}")
            .Where(n => n.StartsWith(prefix, StringComparison.Ordinal) && !n.StartsWith("web-v2-", StringComparison.Ordinal)).OrderBy(n => n).ToList();

    [Fact]
    public async Task Service_router_pins_by_pod_template_hash_switches_promotes_and_rolls_back_exactly()
    {
        await using var c = await ClusterFixture.StartAsync(Web, "web");
        var serviceBefore = ServerFields.Strip(c.Service("web")!);
        var deploymentBefore = ServerFields.Strip(c.Deployment("web")!);
        var podsBefore = Pods(c, "web-");
        var hash = BaselineHash(c);

        var (code, host) = await c.RunAsync("deploy-gray", ("service", "web"), ("image", "nginx:1.27"), ("version", "v2"));
        Assert.True(code == 0, host.Log);
        Assert.Equal(hash, host.Outputs["baseline-version"]);
        Assert.Contains(host.Lines, l => l.Contains("pod-template-hash=" + hash) && l.Contains("nothing relabelled or restarted"));
        Assert.Equal(new Dictionary<string, string> { ["app"] = "web", ["pod-template-hash"] = hash }, Obj.StringMap(c.Service("web")!["spec"]!["selector"]));
        // The baseline is untouched: same template, same pods (no restart).
        Assert.True(JsonNode.DeepEquals(deploymentBefore["spec"], ServerFields.Strip(c.Deployment("web")!)["spec"]));
        Assert.Equal(podsBefore, Pods(c, "web-"));
        Assert.Equal(new Dictionary<string, int> { ["web"] = 20 }, Served(c));

        (code, host) = await c.RunAsync("shift-traffic", ("app", "web"), ("weight", "100"));
        Assert.True(code == 0, host.Log);
        Assert.Equal(new Dictionary<string, string> { ["app"] = "web", ["version"] = "v2" }, Obj.StringMap(c.Service("web")!["spec"]!["selector"]));
        Assert.Equal(new Dictionary<string, int> { ["web-v2"] = 20 }, Served(c));
        Assert.Equal("100", host.Outputs["gray-weight"]);

        (code, host) = await c.RunAsync("shift-traffic", ("app", "web"), ("weight", "0"));
        Assert.True(code == 0, host.Log);
        Assert.Equal(new Dictionary<string, int> { ["web"] = 20 }, Served(c));
        Assert.Equal(0, (await c.RunAsync("shift-traffic", ("app", "web"), ("weight", "100"))).Code);

        (code, host) = await c.RunAsync("promote", ("app", "web"));
        Assert.True(code == 0, host.Log);
        Assert.Equal(0, Obj.Int(c.Deployment("web")!["spec"]!["replicas"]));
        Assert.Equal(new Dictionary<string, int> { ["web-v2"] = 20 }, Served(c));

        (code, host) = await c.RunAsync("rollback", ("app", "web"));
        Assert.True(code == 0, host.Log);
        Assert.True(ServerFields.SameUserContent(serviceBefore, c.Service("web")!), c.Service("web")!.ToJsonString());
        Assert.True(JsonNode.DeepEquals(deploymentBefore["spec"], ServerFields.Strip(c.Deployment("web")!)["spec"]));
        Assert.Null(c.Deployment("web-v2"));
        Assert.Equal(hash, BaselineHash(c));
        Assert.Equal(new Dictionary<string, int> { ["web"] = 20 }, Served(c));
    }

    [Fact]
    public async Task A_second_release_after_promote_starts_from_the_labelled_gray()
    {
        await using var c = await ClusterFixture.StartAsync(Web, "web");
        Assert.Equal(0, (await c.RunAsync("deploy-gray", ("service", "web"), ("image", "nginx:1.27"), ("version", "v2"))).Code);
        Assert.Equal(0, (await c.RunAsync("shift-traffic", ("app", "web"), ("weight", "100"))).Code);
        Assert.Equal(0, (await c.RunAsync("promote", ("app", "web"))).Code);
        var (code, host) = await c.RunAsync("deploy-gray", ("service", "web"), ("image", "nginx:1.28"), ("version", "v3"));
        Assert.True(code == 0, host.Log);
        Assert.Equal("v2", host.Outputs["baseline-version"]);
        Assert.Equal("web-v3", host.Outputs["gray-workload"]);
        Assert.Equal(new Dictionary<string, int> { ["web-v2"] = 20 }, Served(c));
    }

    [Fact]
    public async Task Istio_subsets_key_the_baseline_on_its_pod_template_hash()
    {
        await using var c = await ClusterFixture.StartAsync(Web, "web");
        var hash = BaselineHash(c);
        var (code, host) = await c.RunAsync("deploy-gray", ("service", "web"), ("router", "istio"), ("image", "nginx:1.27"), ("version", "v2"));
        Assert.True(code == 0, host.Log);
        var subsets = c.Server.Get("networking.istio.io/v1", "DestinationRule", "default", "graylane-web")!["spec"]!["subsets"]!.AsArray();
        Assert.Equal(hash, (string?)subsets[0]!["name"]);
        Assert.Equal(new Dictionary<string, string> { ["pod-template-hash"] = hash }, Obj.StringMap(subsets[0]!["labels"]));
        Assert.Equal(new Dictionary<string, string> { ["version"] = "v2" }, Obj.StringMap(subsets[1]!["labels"]));
        Assert.Equal(new Dictionary<string, int> { ["web"] = 20 }, Served(c));

        Assert.Equal(0, (await c.RunAsync("shift-traffic", ("app", "web"), ("weight", "50"))).Code);
        var served = Served(c, 400);
        Assert.InRange(served.GetValueOrDefault("web-v2"), 150, 250);
        Assert.Equal(400, served.GetValueOrDefault("web") + served.GetValueOrDefault("web-v2"));

        (code, host) = await c.RunAsync("rollback", ("app", "web"));
        Assert.True(code == 0, host.Log);
        Assert.Null(c.Server.Get("networking.istio.io/v1", "DestinationRule", "default", "graylane-web"));
        Assert.Equal(new Dictionary<string, string> { ["app"] = "web" }, Obj.StringMap(c.Service("web")!["spec"]!["selector"]));
        Assert.Equal(new Dictionary<string, int> { ["web"] = 20 }, Served(c));
    }

    [Fact]
    public async Task A_baseline_still_rolling_out_is_refused_before_anything_changes()
    {
        await using var c = await ClusterFixture.StartAsync(Web, "web");
        c.Server.Knobs.PodReadyDelay = TimeSpan.FromMinutes(5); // the new template's pods never become ready during the test
        var d = c.Deployment("web")!;
        d["spec"]!["template"]!["spec"]!["containers"]![0]!["image"] = "nginx:1.26";
        ((JsonObject)d["metadata"]!).Remove("resourceVersion");
        await c.Server.ApplyYamlAsync(d.ToJsonString());
        for (var i = 0; i < 200 && OwnedReplicaSets(c) < 2; i++) await Task.Delay(20);
        Assert.Equal(2, OwnedReplicaSets(c));
        var writes = await c.WritesAsync();
        var (code, host) = await c.RunAsync("deploy-gray", ("service", "web"), ("image", "nginx:1.27"), ("version", "v2"), ("timeout", "1s"));
        Assert.True(code == 2, host.Log);
        Assert.Contains(host.Errors, e => e.Contains("still rolling out") && e.Contains("kubectl rollout status"));
        Assert.Equal(writes, await c.WritesAsync());
    }

    [Fact]
    public async Task Lanes_still_need_the_version_label_and_say_why_and_what_works_instead()
    {
        await using var c = await ClusterFixture.StartAsync(Web, "web");
        var writes = await c.WritesAsync();
        var (code, host) = await c.RunAsync("deploy-gray", ("app", "web"), ("router", "lanes"), ("version", "v2"), ("services", "web=nginx:1.27"),
            ("app-services", "web"));
        Assert.Equal(2, code);
        Assert.Contains(host.Errors, e => e.Contains("Service web selects Deployment web, whose pods carry no version label")
            && e.Contains("Lanes are version-label values") && e.Contains("--router service or istio"));
        Assert.Equal(writes, await c.WritesAsync());
    }

    [Fact]
    public async Task With_an_hpa_on_the_baseline_the_release_leaves_it_as_it_was()
    {
        await using var c = await ClusterFixture.StartAsync(Web + "\n---\n" + Hpa, "web");
        var hpaBefore = ServerFields.Strip(c.Server.Get("autoscaling/v2", "HorizontalPodAutoscaler", "default", "web")!);
        Assert.Equal(0, (await c.RunAsync("deploy-gray", ("service", "web"), ("image", "nginx:1.27"), ("version", "v2"))).Code);
        Assert.Equal(0, (await c.RunAsync("shift-traffic", ("app", "web"), ("weight", "100"))).Code);
        Assert.Equal(new Dictionary<string, int> { ["web-v2"] = 20 }, Served(c));
        var (code, host) = await c.RunAsync("rollback", ("app", "web"));
        Assert.True(code == 0, host.Log);
        Assert.True(ServerFields.SameUserContent(hpaBefore, c.Server.Get("autoscaling/v2", "HorizontalPodAutoscaler", "default", "web")!));
        Assert.Equal(new Dictionary<string, int> { ["web"] = 20 }, Served(c));
    }
}

/// <summary>A fact that needs the local cluster to store HorizontalPodAutoscalers; skipped, saying so, until it does.</summary>
