using Graylane.Cli;
using Graylane.Core.Hosting;
using Graylane.Core.Json;
using Graylane.Core.Model;
using Graylane.Engine.Records;
using Graylane.Engine.Steps;
using Graylane.Tests.Support;

namespace Graylane.Tests.Approvals.Support;

/// <summary>
/// A release of seed 003's nginx at GrayReady (v1 → v2) on a local cluster, a skip-ahead clock, and the
/// runner's environment as a dictionary; runs wait-approval as a pipeline would, through StepRunner.
/// </summary>
public sealed class ApprovalScenario : IAsyncDisposable
{
    private ApprovalScenario(ClusterFixture cluster) => Cluster = cluster;

    public ClusterFixture Cluster { get; }
    public SkipAheadClock Clock { get; } = SkipAheadClock.StartingAt2026();
    public Dictionary<string, string> Environment { get; } = new();
    public const string App = "nginx-service";

    public static async Task<ApprovalScenario> StartAsync()
    {
        var cluster = await ClusterFixture.StartAsync();
        var (code, host) = await cluster.RunAsync("deploy-gray", ("service", App), ("image", "nginx:1.27"), ("version", "v2"));
        Assert.True(code == 0, host.Log);
        return new ApprovalScenario(cluster);
    }

    public async Task<(int Code, TestHost Host)> RunAsync(string actor, params (string Name, string Value)[] inputs)
    {
        var values = new Dictionary<string, string>();
        foreach (var (name, value) in inputs) values[name] = value;  // a later value wins, as on a command line
        values.TryAdd("kubeconfig", Cluster.Kubeconfig);
        values.TryAdd("app", App);
        var host = new TestHost(values) { Identity = new RunIdentity(actor, "7", "https://ci.example/run/7") };
        var step = WaitApprovalStep.Create(name => Environment.TryGetValue(name, out var v) ? v : null);
        var code = await StepRunner.RunAsync(step, host, new Dictionary<string, string>(), Clock);
        return (code, host);
    }

    /// <summary>The release record as stored in the cluster.</summary>
    public ReleaseRecord Record()
    {
        var cm = Cluster.Server.Get("v1", "ConfigMap", "default", ReleaseStore.ConfigMapName(App))!;
        return GraylaneJson.Deserialize((string)cm["data"]![ReleaseStore.DataKey]!);
    }

    public string RecordJson() =>
        (string)Cluster.Server.Get("v1", "ConfigMap", "default", ReleaseStore.ConfigMapName(App))!["data"]![ReleaseStore.DataKey]!;

    public ValueTask DisposeAsync() => Cluster.DisposeAsync();
}
