using System.Text.Json.Nodes;
using Graylane.Core.Json;
using Graylane.Tests.Support;

namespace Graylane.Tests.Manifests;

/// <summary>A local cluster plus a directory of manifests, as a repository checkout holds them.</summary>
public sealed class ManifestCluster : IAsyncDisposable
{
    private ManifestCluster(ClusterFixture cluster, string dir)
    {
        Cluster = cluster;
        Dir = dir;
    }

    public ClusterFixture Cluster { get; }
    public string Dir { get; }

    public static async Task<ManifestCluster> StartAsync(string? seed = null, string waitFor = "web")
    {
        var cluster = await ClusterFixture.StartAsync(seed, waitFor);
        return new ManifestCluster(cluster, Directory.CreateTempSubdirectory("graylane-manifests-").FullName);
    }

    /// <summary>Writes a manifest file (relative to the checkout) and returns its path.</summary>
    public string Write(string name, string yaml)
    {
        var path = Path.Combine(Dir, name);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        File.WriteAllText(path, yaml);
        return path;
    }

    public Task<(int Code, TestHost Host)> RunAsync(string step, params (string Name, string Value)[] inputs) => Cluster.RunAsync(step, inputs);

    public JsonObject? Get(string apiVersion, string kind, string name) => Cluster.Server.Get(apiVersion, kind, "default", name);

    public string? Data(string configMap, string key) => (string?)Get("v1", "ConfigMap", configMap)?["data"]?[key];

    /// <summary>The env var a Deployment's first container takes from a ConfigMap key reference: the ConfigMap's name.</summary>
    public string? ConfigMapRead(string deployment, string env) =>
        Obj.Objects(Cluster.Deployment(deployment)?["spec"]?["template"]?["spec"]?["containers"]?[0]?["env"])
            .Where(e => (string?)e["name"] == env).Select(e => (string?)e["valueFrom"]?["configMapKeyRef"]?["name"]).FirstOrDefault();

    /// <summary>What count requests to the Service see of an environment variable: "hello-v1" → 20.</summary>
    public Dictionary<string, int> Seen(string service, string variable, int count = 20)
    {
        var paths = Cluster.Server.Router.RouteMany(Graylane.LocalCluster.Routing.RouteRequest.To("default", service), count);
        return paths.Select(p => p.Error is not null || p.Hops.Count == 0 || p.Hops[0].Pod is null ? "error: " + p.Error
                : Cluster.Server.ShowEnvironment("default", p.Hops[0].Pod!, variable)[(variable.Length + 1)..])
            .GroupBy(v => v).ToDictionary(g => g.Key, g => g.Count());
    }

    public Task<(int Exit, string Out, string Err)> KubectlAsync(params string[] args) => Kubectl.RunAsync(Cluster.Kubeconfig, Dir, args);

    public async ValueTask DisposeAsync()
    {
        await Cluster.DisposeAsync();
        try { Directory.Delete(Dir, true); } catch (IOException) { }
    }
}
