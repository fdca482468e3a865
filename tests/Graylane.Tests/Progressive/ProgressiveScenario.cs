using Graylane.Cli;
using Graylane.Core.Json;
using Graylane.Core.Model;
using Graylane.Engine.Records;
using Graylane.Engine.Steps;
using Graylane.Tests.Support;

namespace Graylane.Tests.Progressive;

/// <summary>
/// Bookinfo's reviews on Istio with v2 deployed gray (seed 001), and shift-traffic run as a pipeline runs it, on a clock the
/// test chooses: a skip-ahead clock turns each step's interval into no time at all, so no test waits or times anything.
/// </summary>
public sealed class ProgressiveScenario : IAsyncDisposable
{
    public const string App = "reviews";

    private ProgressiveScenario(ClusterFixture cluster) => Cluster = cluster;

    public ClusterFixture Cluster { get; }

    public static async Task<ProgressiveScenario> StartAsync(string router = "istio")
    {
        var c = await ClusterFixture.StartAsync(Bookinfo.Reviews + "\n---\n" + Bookinfo.UserIstio, "reviews-v1");
        (string, string)[] inputs = [("service", App), ("router", router), ("image", "istio/examples-bookinfo-reviews-v2:1.16.2"), ("version", "v2")];
        var (code, host) = await c.RunAsync("deploy-gray", router == "istio" ? [.. inputs, ("route", "primary")] : inputs);
        Assert.True(code == 0, host.Log);
        return new ProgressiveScenario(c);
    }

    public Task<(int Code, TestHost Host)> ShiftCancellableAsync(TimeProvider clock, CancellationToken ct, params (string Name, string Value)[] inputs) =>
        ShiftAsync(Cluster, App, clock, ct, inputs);

    /// <summary>shift-traffic on any cluster and app, through StepRunner as a pipeline runs it, on the given clock.</summary>
    public static async Task<(int Code, TestHost Host)> ShiftAsync(ClusterFixture cluster, string app, TimeProvider clock, CancellationToken ct,
        params (string Name, string Value)[] inputs)
    {
        var values = inputs.ToDictionary(i => i.Name, i => i.Value);
        values.TryAdd("kubeconfig", cluster.Kubeconfig);
        values.TryAdd("app", app);
        values.TryAdd("lock-wait", "0s");
        var host = new TestHost(values);
        var code = await StepRunner.RunAsync(ShiftTrafficStep.Definition, host, new Dictionary<string, string>(), clock, ct);
        return (code, host);
    }

    public Task<(int Code, TestHost Host)> ShiftAsync(TimeProvider clock, params (string Name, string Value)[] inputs) =>
        ShiftCancellableAsync(clock, CancellationToken.None, inputs);

    public ReleaseRecord Record()
    {
        var cm = Cluster.Server.Get("v1", "ConfigMap", "default", ReleaseStore.ConfigMapName(App))!;
        return GraylaneJson.Deserialize((string)cm["data"]![ReleaseStore.DataKey]!);
    }

    public ValueTask DisposeAsync() => Cluster.DisposeAsync();
}
