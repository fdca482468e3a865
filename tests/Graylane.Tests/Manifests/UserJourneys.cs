using System.Text.Json.Nodes;
using Graylane.Core.Json;
using Graylane.LocalCluster.Routing;
using Graylane.Tests.Support;

namespace Graylane.Tests.Manifests;

/// <summary>
/// A release as a user runs it, one per router: the repository's folder applied with the real `kubectl apply -f`, then
/// image, env and ConfigMap changed in the folder and released with deploy-gray --manifests, shift-traffic, status and
/// promote; the same folder applied again changes nothing (`kubectl diff` exits 0, no resourceVersion moves) and
/// deploy-gray finds nothing to release; rollback after promote puts every object back as kubectl applied it. Requests
/// enter as the router's users send them (the Service, the Gateway, the Ingress) and only ever reach ready pods.
/// One class per router, so xunit runs the journeys side by side.
/// </summary>
public sealed class ServiceRouterJourneyTests
{
    [ToolFact("kubectl", "diff")]
    public Task Service_router() => UserJourney.RunAsync("service", "", RouteRequest.To("default", "web"), weight: "100", match: null);
}

public sealed class GatewayApiRouterJourneyTests
{
    [ToolFact("kubectl", "diff")]
    public Task Gateway_api_router() =>
        UserJourney.RunAsync("gateway-api", ShopRepository.GatewayApi, RouteRequest.To("default", "web.example.com", gateway: "shop-gateway"), weight: "50", match: ("x-canary", "true"));
}

public sealed class NginxRouterJourneyTests
{
    [ToolFact("kubectl", "diff")]
    public Task Nginx_router() =>
        UserJourney.RunAsync("nginx", ShopRepository.NginxIngress, RouteRequest.To("default", "web.example.com") with { Ingress = "web" }, weight: "50", match: ("x-canary", "always"));
}

/// <summary>The journey itself: kubectl apply, the steps, kubectl diff and apply again, rollback, each stage checked.</summary>
public static class UserJourney
{
    private const string V1Image = "registry.example.com/shop/web:1.0";
    private const string V2Image = "registry.example.com/shop/web:1.1";

    public static async Task RunAsync(string router, string routing, RouteRequest entry, string weight, (string Name, string Value)? match)
    {
        await using var m = await ManifestCluster.StartAsync(seed: null);
        void WriteRepository(string image, string mode, string greeting)
        {
            m.Write("k8s/00-config.yaml", ShopRepository.Config(greeting));
            m.Write("k8s/10-deployment.yaml", ShopRepository.Deployment(image, mode));
            m.Write("k8s/20-service.yaml", ShopRepository.Service);
            if (routing.Length > 0) m.Write("k8s/30-routing.yaml", routing);
        }
        var folder = Path.Combine(m.Dir, "k8s");
        async Task<string> Kubectl(params string[] args)
        {
            var (exit, output, error) = await m.KubectlAsync(args);
            Assert.True(exit == 0, $"kubectl {string.Join(' ', args)} exited {exit}: {output}{error}");
            return output;
        }
        async Task<TestHost> Step(string step, params (string, string)[] inputs)
        {
            var (code, host) = await m.RunAsync(step, inputs);
            Assert.True(code == 0, $"{step} exited {code}:\n{host.Log}");
            await m.Cluster.Server.WaitIdleAsync();
            return host;
        }
        Dictionary<string, int> Seen(RouteRequest request) =>
            m.Cluster.Server.Router.RouteMany(request, 20)
                .Select(p => p.Error is not null || p.Hops.Count == 0 || p.Hops[0].Pod is null ? "error: " + p.Error
                    : m.Cluster.Server.ShowEnvironment("default", p.Hops[0].Pod!, "GREETING"))
                .GroupBy(v => v).ToDictionary(g => g.Key, g => g.Count());
        var canary = match is { } h ? entry with { Headers = new Dictionary<string, string> { [h.Name] = h.Value } } : null;

        // The app as the team runs it today.
        WriteRepository(V1Image, "blue", "hello-v1");
        await Kubectl("apply", "-f", folder);
        await Kubectl("rollout", "status", "deployment/web", "--timeout=30s");
        await m.Cluster.Server.WaitIdleAsync();
        var before = Objects(m);
        Assert.Equal(new Dictionary<string, int> { ["GREETING=hello-v1"] = 20 }, Seen(entry));

        // A change in git: image, an env value, a ConfigMap value.
        WriteRepository(V2Image, "green", "hello-v2");
        var deploy = await Step("deploy-gray", ("manifests", folder), ("router", router), ("version", "v2"));
        Assert.False(deploy.Log.Contains("applied at promote"), deploy.Log); // the routing objects are as kubectl applied them
        Assert.Equal("web", HpaTarget(m, "web"));
        Assert.Equal("web-v2", HpaTarget(m, "web-v2"));
        Assert.Equal("hello-v2", m.Data("web-config-v2", "GREETING"));
        Assert.Equal("hello-v1", m.Data("web-config", "GREETING"));
        Assert.Equal(new Dictionary<string, int> { ["GREETING=hello-v1"] = 20 }, Seen(entry));

        await Step("shift-traffic", [("app", "web"), ("weight", weight), .. match is { } mh ? [("match", $"header:{mh.Name}={mh.Value}")] : Array.Empty<(string, string)>()]);
        var split = Seen(entry);
        Assert.True(split.Keys.All(k => k is "GREETING=hello-v1" or "GREETING=hello-v2"), string.Join(", ", split));
        Assert.True(split.GetValueOrDefault("GREETING=hello-v2") > 0, string.Join(", ", split));
        if (canary is not null) Assert.Equal(new Dictionary<string, int> { ["GREETING=hello-v2"] = 20 }, Seen(canary));
        Assert.Contains("Traffic:", (await Step("status", ("app", "web"))).Log);

        await Step("promote", ("app", "web"));
        Assert.Equal(V2Image, (string?)m.Cluster.Deployment("web")!["spec"]!["template"]!["spec"]!["containers"]![0]!["image"]);
        Assert.Null(m.Cluster.Deployment("web-v2"));
        Assert.Null(m.Get("autoscaling/v2", "HorizontalPodAutoscaler", "web-v2"));
        Assert.Null(m.Get("v1", "ConfigMap", "web-config-v2"));
        Assert.Equal("web", HpaTarget(m, "web"));
        Assert.Equal(new Dictionary<string, int> { ["GREETING=hello-v2"] = 20 }, Seen(entry));
        // Graylane's writes carry its name, so a conflict or an audit log names it (the server takes it from the User-Agent).
        var managers = Listed(m).SelectMany(o => Obj.Objects(o["metadata"]?["managedFields"])).Select(e => (string?)e["manager"]).Distinct().ToList();
        Assert.Contains("graylane", managers);
        Assert.DoesNotContain("", managers);

        // The same folder again: kubectl finds nothing to change, and neither does Graylane.
        var promoted = Versions(m);
        Assert.Equal("", await Kubectl("diff", "-f", folder));
        await Kubectl("apply", "-f", folder);
        Assert.Equal(promoted, Versions(m));
        Assert.Contains("Nothing to release", (await Step("deploy-gray", ("manifests", folder), ("router", router), ("version", "v3"))).Log);

        // Back to what kubectl applied, exactly.
        await Step("rollback", ("app", "web"));
        Assert.Equal(new Dictionary<string, int> { ["GREETING=hello-v1"] = 20 }, Seen(entry));
        Assert.Equal(before, Objects(m));
        WriteRepository(V1Image, "blue", "hello-v1");
        Assert.Equal("", await Kubectl("diff", "-f", folder));
    }

    private static string? HpaTarget(ManifestCluster m, string name) =>
        (string?)m.Get("autoscaling/v2", "HorizontalPodAutoscaler", name)?["spec"]?["scaleTargetRef"]?["name"];

    private static readonly (string ApiVersion, string Kind)[] Kinds =
    [
        ("apps/v1", "Deployment"), ("v1", "Service"), ("v1", "ConfigMap"), ("autoscaling/v2", "HorizontalPodAutoscaler"),
        ("policy/v1", "PodDisruptionBudget"), ("networking.k8s.io/v1", "Ingress"),
        ("gateway.networking.k8s.io/v1", "Gateway"), ("gateway.networking.k8s.io/v1", "HTTPRoute"),
    ];

    private static IEnumerable<JsonObject> Listed(ManifestCluster m) =>
        Kinds.SelectMany(k => m.Cluster.Server.List(k.ApiVersion, k.Kind, "default"))
            .Where(o => !Obj.Name(o).StartsWith("graylane-", StringComparison.Ordinal) && Obj.Name(o) != "kube-root-ca.crt");

    /// <summary>Every object of the app as `kubectl get -o yaml` shows it, without what the server owns.</summary>
    private static string Objects(ManifestCluster m) =>
        string.Join("\n", Listed(m).Select(o => $"{o["kind"]}/{Obj.Name(o)} {ServerFields.Strip(o).ToJsonString()}").Order(StringComparer.Ordinal));

    private static Dictionary<string, string?> Versions(ManifestCluster m) =>
        Listed(m).ToDictionary(o => $"{o["kind"]}/{Obj.Name(o)}", Obj.ResourceVersion);
}
