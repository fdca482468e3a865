using Graylane.Core.Json;
using System.Text.Json.Nodes;
using Graylane.Cli;
using Graylane.Engine.Steps;
using Graylane.LocalCluster;

namespace Graylane.Tests.Support;

/// <summary>
/// A fresh local cluster per test, reached by the real client over HTTP through a kubeconfig file —
/// the same path a user's pipeline takes.
/// </summary>
public sealed class ClusterFixture : IAsyncDisposable
{
    private readonly string _dir;

    private ClusterFixture(LocalClusterServer server, string dir)
    {
        Server = server;
        _dir = dir;
        Kubeconfig = Path.Combine(dir, "kubeconfig");
        server.WriteKubeconfig(Kubeconfig);
    }

    public LocalClusterServer Server { get; }

    /// <summary>The app name of the last step run with --service or --app (for tests that look at its lease).</summary>
    public string? AppHint { get; private set; }
    public string Kubeconfig { get; }

    public static async Task<ClusterFixture> StartAsync(string? seedYaml = SeedObjects.NginxYaml, string waitFor = "nginx", LocalClusterOptions? options = null)
    {
        var server = await LocalClusterServer.StartAsync(options ?? new LocalClusterOptions());
        server.Knobs.PodReadyDelay = TimeSpan.FromMilliseconds(30);
        var dir = Directory.CreateTempSubdirectory("graylane-test-").FullName;
        var fixture = new ClusterFixture(server, dir);
        if (seedYaml is not null)
        {
            await server.ApplyYamlAsync(seedYaml);
            await fixture.WaitReadyAsync(waitFor);
        }
        return fixture;
    }

    /// <summary>The host's environment the steps see (e.g. GRAYLANE_LEASE_SECONDS).</summary>
    public Dictionary<string, string> Environment { get; } = new();

    /// <summary>Runs a step as a pipeline would, with the kubeconfig added to its inputs.</summary>
    public Task<(int Code, TestHost Host)> RunAsync(string step, params (string Name, string Value)[] inputs) =>
        RunAsync(step, CancellationToken.None, null, inputs);

    /// <summary>Runs a step that ct cancels as the named signal would (the program's CancelSignals in the binary).</summary>
    public async Task<(int Code, TestHost Host)> RunAsync(string step, CancellationToken ct, System.Runtime.InteropServices.PosixSignal? signal,
        params (string Name, string Value)[] inputs)
    {
        var values = inputs.ToDictionary(i => i.Name, i => i.Value);
        AppHint = values.GetValueOrDefault("app") ?? values.GetValueOrDefault("service") ?? AppHint;
        values.TryAdd("kubeconfig", Kubeconfig);
        values.TryAdd("timeout", "20s");
        var host = new TestHost(values);
        var definition = StepCatalog.Find(step) ?? throw new ArgumentException(step);
        var code = await StepRunner.RunAsync(definition, host, Environment, ct: ct, signal: () => signal);
        return (code, host);
    }

    /// <summary>
    /// API writes so far, once every write already answered is in the log: the server logs a request after answering it,
    /// so a count taken right after a step could miss that step's last write. A write not answered yet (held back by a
    /// fault) is not waited for, so this can be taken while a step is still running.
    /// </summary>
    public async Task<int> WritesAsync()
    {
        await SettledAsync(writesOnly: true);
        return Server.Requests.Writes;
    }

    /// <summary>The request log once every request already answered is in it (watches included: call it after the step ended).</summary>
    public async Task<IReadOnlyList<ApiRequestEntry>> RequestsAsync()
    {
        await SettledAsync(writesOnly: false);
        return Server.Requests.Entries;
    }

    private async Task SettledAsync(bool writesOnly)
    {
        // A bound only: answered requests reach the log in milliseconds; one still open this long is a watch left open.
        using var bound = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        try { await Server.Requests.WaitSettledAsync(writesOnly, bound.Token); }
        catch (OperationCanceledException)
        {
            throw new TimeoutException($"{Server.Requests.AnsweredNotLogged} answered API request(s) still not logged after 60 s (a watch left open?)");
        }
    }

    public JsonObject? Deployment(string name) => Server.Get("apps/v1", "Deployment", "default", name);
    public JsonObject? Service(string name) => Server.Get("v1", "Service", "default", name);
    public string? Selector(string service, string key = "version") => (string?)Service(service)?["spec"]?["selector"]?[key];

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
        throw new TimeoutException($"Deployment {deployment} not ready");
    }

    /// <summary>Which versions serve count requests to the host, e.g. {"v1": 20}.</summary>
    public Dictionary<string, int> Served(string host, int count = 20)
    {
        var paths = Server.Router.RouteMany(new Graylane.LocalCluster.Routing.RouteRequest("default", host,
            new Dictionary<string, string>(), new Dictionary<string, string>(), new Dictionary<string, string>()), count);
        return paths.GroupBy(p => p.Hops.Count > 0 ? p.Hops[0].Version ?? "?" : "error").ToDictionary(g => g.Key, g => g.Count());
    }

    public async ValueTask DisposeAsync()
    {
        await Server.DisposeAsync();
        try { Directory.Delete(_dir, true); } catch (IOException) { }
    }
}
