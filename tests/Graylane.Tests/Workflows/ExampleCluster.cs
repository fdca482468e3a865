using System.Text.Json.Nodes;
using Graylane.Core.Json;
using Graylane.LocalCluster.Routing;
using Graylane.Tests.Support;

namespace Graylane.Tests.Workflows;

/// <summary>
/// A local cluster seeded with the app an example releases, in the example's namespace (most use `shop`, the lane examples
/// `default`), and questions about its final state: objects, selectors, and which version serves requests (the local
/// cluster's router).
/// </summary>
public sealed class ExampleCluster : IAsyncDisposable
{
    public const string Shop = "shop";

    private ExampleCluster(ClusterFixture fixture, string ns)
    {
        Fixture = fixture;
        Namespace = ns;
    }

    public ClusterFixture Fixture { get; }
    public string Namespace { get; }
    public string Kubeconfig => File.ReadAllText(Fixture.Kubeconfig);

    public static Task<ExampleCluster> StartAsync(string seedYaml, params string[] waitFor) => StartInAsync(Shop, seedYaml, waitFor);

    public static async Task<ExampleCluster> StartInAsync(string ns, string seedYaml, params string[] waitFor)
    {
        var fixture = await ClusterFixture.StartAsync(seedYaml: null);
        var cluster = new ExampleCluster(fixture, ns);
        if (ns != "default") await fixture.Server.ApplyYamlAsync($"apiVersion: v1\nkind: Namespace\nmetadata:\n  name: {ns}\n");
        await fixture.Server.ApplyYamlAsync(seedYaml, ns);
        foreach (var name in waitFor) await cluster.WaitReadyAsync(name);
        return cluster;
    }

    public JsonObject? Get(string apiVersion, string kind, string name) => Fixture.Server.Get(apiVersion, kind, Namespace, name);
    public JsonObject? Deployment(string name) => Get("apps/v1", "Deployment", name);
    public int? Replicas(string deployment) => Obj.Int(Deployment(deployment)?["spec"]?["replicas"]);
    public string? Image(string deployment) => (string?)Deployment(deployment)?["spec"]?["template"]?["spec"]?["containers"]?[0]?["image"];
    public string? Selector(string service, string key = "version") => (string?)Get("v1", "Service", service)?["spec"]?["selector"]?[key];

    /// <summary>Which versions serve count requests to the host (first hop), e.g. {"v2": 40}.</summary>
    public Dictionary<string, int> Served(string host, int count = 40, Dictionary<string, string>? headers = null,
        Dictionary<string, string>? query = null, Dictionary<string, string>? cookies = null)
    {
        var paths = Fixture.Server.Router.RouteMany(new RouteRequest(Namespace, host, headers ?? [], cookies ?? [], query ?? []), count);
        return paths.GroupBy(p => p.Error is null && p.Hops.Count > 0 ? p.Hops[0].Version ?? "?" : "error").ToDictionary(g => g.Key, g => g.Count());
    }

    /// <summary>Which workload serves count requests to the host and what its pods see of an environment variable: {"web hello": 20}.</summary>
    public Dictionary<string, int> Seen(string host, string variable, int count = 20)
    {
        var paths = Fixture.Server.Router.RouteMany(new RouteRequest(Namespace, host, new Dictionary<string, string>(), new Dictionary<string, string>(), new Dictionary<string, string>()), count);
        return paths.GroupBy(p => p.Error is null && p.Hops.Count > 0 && p.Hops[0].Pod is { } pod
                ? $"{p.Hops[0].Workload} {Fixture.Server.ShowEnvironment(Namespace, pod, variable)[(variable.Length + 1)..]}"
                : "error: " + p.Error)
            .ToDictionary(g => g.Key, g => g.Count());
    }

    public async Task WaitReadyAsync(string deployment)
    {
        var deadline = DateTime.UtcNow.AddSeconds(60); // a bound only: ready in well under a second on an idle machine
        while (DateTime.UtcNow < deadline)
        {
            var d = Deployment(deployment);
            if (d is not null && Obj.Int(d["status"]?["readyReplicas"]) == (Obj.Int(d["spec"]?["replicas"]) ?? 1)
                && Obj.Long(d["status"]?["observedGeneration"]) == Obj.Long(d["metadata"]?["generation"]))
                return;
            await Task.Delay(20);
        }
        throw new TimeoutException($"Deployment {Namespace}/{deployment} not ready");
    }

    public ValueTask DisposeAsync() => Fixture.DisposeAsync();
}
