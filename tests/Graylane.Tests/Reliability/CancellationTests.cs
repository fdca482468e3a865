using System.Diagnostics;
using System.Runtime.InteropServices;
using System.Text.Json.Nodes;
using Graylane.Core.Json;
using Graylane.Kubernetes;
using Graylane.Tests.Support;

namespace Graylane.Tests.Reliability;

/// <summary>
/// SIGINT/SIGTERM: a step stops at its next safe point (no write cut halfway, none started after the signal), never
/// leaves traffic on an unready workload, gives its lease back, records "cancelled during &lt;phase&gt; at &lt;weight&gt;",
/// prints the state and the commands that continue or undo it, and exits 130/143; a re-run continues. In process (the
/// token the program's CancelSignals cancels) and as the real binary, PID 1 of its own PID namespace, sent SIGTERM.
/// </summary>
public class CancellationTests
{
    private static readonly (string, string)[] Deploy = [("service", "nginx-service"), ("image", "nginx:1.27"), ("version", "v2"), ("timeout", "10m")];

    private static async Task UntilAsync(Func<bool> condition, string what, Func<string>? output = null)
    {
        var deadline = DateTime.UtcNow.AddSeconds(90);
        while (!condition())
        {
            if (DateTime.UtcNow > deadline) throw new TimeoutException(what + (output is null ? "" : "\n" + output()));
            await Task.Delay(50);
        }
    }

    private static JsonObject? Gray(ClusterFixture c) =>
        c.Server.List("apps/v1", "Deployment", "default").FirstOrDefault(d => (string?)d["spec"]?["template"]?["metadata"]?["labels"]?["version"] == "v2");

    private static JsonObject Record(ClusterFixture c) =>
        JsonNode.Parse((string)c.Server.Get("v1", "ConfigMap", "default", "graylane-nginx-service")!["data"]!["release.json"]!)!.AsObject();

    private static string LastHistory(ClusterFixture c) => (string)Record(c)["history"]!.AsArray().Last()!["message"]!;

    /// <summary>The gray's pods were held Pending (never ready); let new ones start, as if the node got room.</summary>
    private static async Task ReleaseGrayPodsAsync(ClusterFixture c)
    {
        c.Server.Knobs.Clear();
        using var kube = KubeConnection.Open(c.Kubeconfig, null, null, new Dictionary<string, string>());
        foreach (var pod in await kube.ListItemsAsync(KubeResource.Pods, "default", "version=v2"))
            await kube.DeleteAsync(KubeResource.Pods, "default", Obj.Name(pod));
    }

    private static async Task AssertStoppedCleanlyAsync(ClusterFixture c, string signal)
    {
        Assert.Null(c.Server.Get("coordination.k8s.io/v1", "Lease", "default", "graylane-nginx-service")); // lease given back
        Assert.Equal($"cancelled during Deploying at 0% ({signal})", LastHistory(c));
        Assert.Equal("Deploying", (string?)Record(c)["phase"]);
        // Traffic never went to the unready gray: the Service still selects the baseline only, and every request is served.
        Assert.Equal("v1", c.Selector("nginx-service"));
        await c.Server.WaitIdleAsync();
        Assert.Equal(new Dictionary<string, int> { ["v1"] = 20 }, c.Served("nginx-service"));
    }

    [Fact]
    public async Task Sigterm_during_the_rollout_wait_stops_gives_the_lease_back_records_it_and_a_rerun_continues()
    {
        await using var c = await ClusterFixture.StartAsync();
        c.Server.Knobs.Unschedulable("nginx:1.27");
        using var cancel = new CancellationTokenSource();
        var run = c.RunAsync("deploy-gray", cancel.Token, PosixSignal.SIGTERM, Deploy);
        await UntilAsync(() => Gray(c) is not null && c.Server.Get("coordination.k8s.io/v1", "Lease", "default", "graylane-nginx-service") is not null,
            "deploy-gray never reached its rollout wait");
        var writes = await c.WritesAsync();
        await cancel.CancelAsync();
        var (code, host) = await run;

        Assert.True(code == 143, $"exit {code}\n{host.Log}");
        var said = Assert.Single(host.Errors, e => e.Contains("was cancelled (SIGTERM) during Deploying at 0%"));
        Assert.Contains("run `graylane deploy-gray` again with the same inputs", said);
        Assert.Contains("`graylane rollback --app nginx-service`", said);
        await AssertStoppedCleanlyAsync(c, "SIGTERM");
        // After the signal: the lease given back and the history line, nothing else.
        Assert.Equal(writes + 2, await c.WritesAsync());

        await ReleaseGrayPodsAsync(c);
        (code, host) = await c.RunAsync("deploy-gray", ("service", "nginx-service"), ("version", "v2"));
        Assert.True(code == 0, host.Log);
        Assert.Equal("GrayReady", (string?)Record(c)["phase"]);
    }

    [Fact]
    public async Task Sigint_during_a_write_lets_that_write_finish_and_starts_no_other()
    {
        await using var c = await ClusterFixture.StartAsync();
        Assert.Equal(0, (await c.RunAsync("deploy-gray", Deploy)).Code);
        // promote's write of the Service (all traffic to the ready gray) is answered slowly: the signal arrives while it is in flight.
        var slow = c.Server.Faults.Add(new LocalCluster.FaultRule { WritesOnly = true, Resource = "services", Nth = 1, Latency = TimeSpan.FromSeconds(2) });
        using var cancel = new CancellationTokenSource();
        var run = c.RunAsync("promote", cancel.Token, PosixSignal.SIGINT, ("app", "nginx-service"));
        await UntilAsync(() => slow.Matched == 1, "promote never wrote the Service");
        var writes = await c.WritesAsync();
        await cancel.CancelAsync();
        var (code, host) = await run;

        Assert.True(code == 130, $"exit {code}\n{host.Log}");
        Assert.Equal("v2", c.Selector("nginx-service")); // the write in flight landed
        Assert.Equal(2, Obj.Int(c.Deployment("nginx")!["spec"]!["replicas"])); // and none after it: the old version still runs
        Assert.Matches(@"^cancelled during Promoting at \d+% \(SIGINT\)$", LastHistory(c));
        Assert.Null(c.Server.Get("coordination.k8s.io/v1", "Lease", "default", "graylane-nginx-service"));
        // The write in flight, the lease given back, the history line: nothing else.
        Assert.Equal(writes + 3, await c.WritesAsync());
        await c.Server.WaitIdleAsync();
        Assert.Equal(new Dictionary<string, int> { ["v2"] = 20 }, c.Served("nginx-service"));

        var (rerun, rehost) = await c.RunAsync("promote", ("app", "nginx-service"));
        Assert.True(rerun == 0, rehost.Log);
        Assert.Equal("Promoted", (string?)Record(c)["phase"]);
        Assert.Equal(0, Obj.Int(c.Deployment("nginx")!["spec"]!["replicas"]));
    }

    [Pid1Fact]
    public async Task As_pid_1_the_real_binary_stops_on_sigterm_within_the_bound_and_a_rerun_continues()
    {
        await using var c = await ClusterFixture.StartAsync();
        c.Server.Knobs.Unschedulable("nginx:1.27");
        await using var p = GraylaneProcess.Start(asPid1: true, null, "deploy-gray", "--kubeconfig", c.Kubeconfig,
            "--service", "nginx-service", "--image", "nginx:1.27", "--version", "v2", "--timeout", "10m");
        var pid = p.GraylanePid(asPid1: true);
        await UntilAsync(() => p.HasExited || (Gray(c) is not null && c.Server.Get("coordination.k8s.io/v1", "Lease", "default", "graylane-nginx-service") is not null),
            "deploy-gray never reached its rollout wait", () => p.Output);
        Assert.False(p.HasExited, p.Output);
        Assert.Equal("1", GraylaneProcess.NamespacePid(pid)); // the entrypoint is PID 1, as in the container

        var clock = Stopwatch.StartNew();
        GraylaneProcess.Signal(pid, GraylaneProcess.SIGTERM);
        var code = await p.WaitAsync(TimeSpan.FromSeconds(60));
        var stopped = clock.Elapsed;

        Assert.True(code == 143, $"exit {code} after {stopped.TotalSeconds:0.0} s\n{p.Output}");
        Assert.Contains("SIGTERM received: stopping at the next safe point", p.Output);
        Assert.Contains("was cancelled (SIGTERM) during Deploying at 0%", p.Output);
        // Within the bound, by graylane's own clock: a step not stopped 5 s after the signal (CancelSignals.Bound) says
        // "exiting now" and exits anyway, so its absence means it stopped at a safe point in time. A hang until SIGKILL
        // fails WaitAsync's 60 s bound. (The wall time seen from here is not asserted: a loaded machine stretches it.)
        Assert.DoesNotContain("exiting now", p.Output);
        await AssertStoppedCleanlyAsync(c, "SIGTERM");

        await ReleaseGrayPodsAsync(c);
        var (rerun, host) = await c.RunAsync("deploy-gray", ("service", "nginx-service"), ("version", "v2"));
        Assert.True(rerun == 0, host.Log);
        Assert.Equal("GrayReady", (string?)Record(c)["phase"]);
    }

    [Pid1Fact(sendsSigint: true)]
    public async Task A_second_signal_exits_at_once()
    {
        await using var c = await ClusterFixture.StartAsync();
        c.Server.Knobs.Unschedulable("nginx:1.27");
        // The first signal's safe point is held back: the history write after it does not answer.
        await using var p = GraylaneProcess.Start(asPid1: true, null, "deploy-gray", "--kubeconfig", c.Kubeconfig,
            "--service", "nginx-service", "--image", "nginx:1.27", "--version", "v2", "--timeout", "10m");
        var pid = p.GraylanePid(asPid1: true);
        await UntilAsync(() => p.HasExited || Gray(c) is not null, "deploy-gray never reached its rollout wait", () => p.Output);
        c.Server.Faults.Add(new LocalCluster.FaultRule { Resource = "leases", Verb = "delete", Latency = TimeSpan.FromSeconds(30) });
        GraylaneProcess.Signal(pid, GraylaneProcess.SIGINT);
        await UntilAsync(() => p.HasExited || p.Output.Contains("SIGINT received"), "no word of the first signal", () => p.Output);
        Assert.False(p.HasExited, $"deploy-gray ended before the second signal\n{p.Output}");
        Assert.Contains("SIGINT received", p.Output);
        GraylaneProcess.Signal(pid, GraylaneProcess.SIGTERM);
        var code = await p.WaitAsync(TimeSpan.FromSeconds(60)); // a bound against a hang: "at once" is its own message, asserted below
        Assert.True(code == 143, $"exit {code}\n{p.Output}");
        Assert.Contains("SIGTERM again: exiting now", p.Output);
    }
}
