using Graylane.LocalCluster;

namespace Graylane.Bench;

/// <summary>A fresh local cluster seeded with an app, a kubeconfig file for it, and request counting around each command.</summary>
public sealed class BenchCluster : IAsyncDisposable
{
    /// <summary>How long a simulated pod takes to become ready: rollout waits measure the tools, not a slow scheduler.</summary>
    public static readonly TimeSpan PodReadyDelay = TimeSpan.FromMilliseconds(30);

    private readonly string _dir;

    private BenchCluster(LocalClusterServer server, string dir)
    {
        Server = server;
        _dir = dir;
        Kubeconfig = Path.Combine(dir, "kubeconfig");
        KubectlCache = Path.Combine(dir, "kubectl-cache");
        server.WriteKubeconfig(Kubeconfig, "default");
    }

    public LocalClusterServer Server { get; }
    public string Kubeconfig { get; }

    /// <summary>A fresh discovery cache shared by one scenario's kubectl commands, as in one CI job.</summary>
    public string KubectlCache { get; }

    public static async Task<BenchCluster> StartAsync(string seedYaml, params string[] waitFor)
    {
        var server = await LocalClusterServer.StartAsync(new LocalClusterOptions());
        server.Knobs.PodReadyDelay = PodReadyDelay;
        var cluster = new BenchCluster(server, Directory.CreateTempSubdirectory("graylane-bench-").FullName);
        await server.ApplyYamlAsync(seedYaml);
        foreach (var name in waitFor) await cluster.WaitReadyAsync(name);
        return cluster;
    }

    /// <summary>Runs the command and attributes to it every request answered while it ran.</summary>
    public async Task<Measurement> MeasureAsync(Operation operation, string tool, Func<Task<ProcessResult>> command)
    {
        var before = Server.Requests.Count;
        var result = await command();
        // The server logs a request once it has answered it: let the log catch up with the process that just exited.
        for (var seen = -1; seen != Server.Requests.Count;)
        {
            seen = Server.Requests.Count;
            await Task.Delay(15);
        }
        var entries = Server.Requests.Entries.Skip(before).ToList();
        return new Measurement(operation, tool, result.Wall, result.UserCpu, result.PeakRssKiB, entries.Count, entries.Count(e => e.IsWrite),
            entries.Sum(e => e.BytesIn), entries.Sum(e => e.BytesOut),
            entries.Select(e => e.Resource.Length == 0 ? $"{e.Method} {e.Path}" : $"{e.Verb} {e.Resource}{(e.Subresource.Length > 0 ? "/" + e.Subresource : "")}").ToList())
        { MemoryPass = ProcessTimer.MemoryPass };
    }

    private async Task WaitReadyAsync(string deployment)
    {
        var deadline = DateTime.UtcNow.AddSeconds(20);
        while (DateTime.UtcNow < deadline)
        {
            var d = Server.Get("apps/v1", "Deployment", "default", deployment);
            var ready = d?["status"]?["readyReplicas"]?.GetValue<long>();
            if (ready is not null && ready == (d!["spec"]?["replicas"]?.GetValue<long>() ?? 1)) return;
            await Task.Delay(10);
        }
        throw new TimeoutException($"seed Deployment {deployment} did not become ready");
    }

    public async ValueTask DisposeAsync()
    {
        await Server.DisposeAsync();
        try { Directory.Delete(_dir, recursive: true); } catch (IOException) { }
    }
}
