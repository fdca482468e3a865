using System.Text.Json.Nodes;
using Graylane.Core.Json;
using Graylane.LocalCluster;
using Graylane.LocalCluster.Routing;
using Graylane.Tests.Support;
using Xunit.Abstractions;

namespace Graylane.Tests.Reliability;

/// <summary>
/// The fault matrix for one router: every step of a release, with a fault injected at each of its API write positions,
/// each kind counted apart —
/// - "abort": the connection drops before the write is applied (the step's retry usually carries it);
/// - "lost-reply": the write is applied and the connection drops before its answer (the step cannot tell it landed);
/// - "500": the server refuses the write.
/// Then: the faulted run's exit code is 0 only if it really finished (the state is the fault-free end state) and
/// otherwise 1 with an error said; requests are still served by ready workloads; the step run again ends exactly where a
/// fault-free run ends; and a rollback from the faulted point restores the objects, in every namespace, as they were
/// before the release.
/// </summary>
public abstract partial class FaultMatrix(ITestOutputHelper output)
{
    public static readonly string[] FaultKinds = ["abort", "lost-reply", "500"];

    protected ITestOutputHelper Output => output;

    protected abstract string Seed { get; }
    protected abstract string Baseline { get; }
    protected abstract string Service { get; }
    protected abstract (string Step, (string, string)[] Inputs)[] Release { get; }
    /// <summary>Istio kinds the router manages, compared with workloads and Services.</summary>
    protected virtual string[] MeshKinds => [];
    /// <summary>Other kinds whose content is compared (e.g. ConfigMaps and Secrets a release from manifests changes); Graylane's own objects are left out.</summary>
    protected virtual (string ApiVersion, string Kind)[] ContentKinds => [];
    /// <summary>Cluster-scoped or custom kinds the router manages (e.g. ASM swim lanes), compared whole (spec).</summary>
    protected virtual (string ApiVersion, string Kind)[] RouterKinds => [];

    /// <summary>A rule for the kind of fault at write position n (1-based).</summary>
    public static LocalCluster.FaultRule Rule(string kind, int n) => kind switch
    {
        "abort" => new LocalCluster.FaultRule { WritesOnly = true, Nth = n, Abort = true },
        "lost-reply" => new LocalCluster.FaultRule { WritesOnly = true, Nth = n, LoseReply = true },
        "500" => new LocalCluster.FaultRule { WritesOnly = true, Nth = n, StatusCode = 500 },
        _ => throw new ArgumentException(kind),
    };

    /// <summary>Kinds compared whole (every object of the namespace, user content byte for byte): e.g. HTTPRoutes, Ingresses, all Services.</summary>
    protected virtual (string ApiVersion, string Kind)[] WholeKinds => [];

    /// <summary>The request sampled after each fault: to the Service by default, through the gateway or ingress for edge routers.</summary>
    protected virtual RouteRequest Sample => RouteRequest.To("default", Service);

    protected async Task RunMatrixAsync(int stepIndex)
    {
        var (step, inputs) = Release[stepIndex];
        var pristine = await StartAsync(0);
        var before = State(pristine, withRecord: false);
        await pristine.DisposeAsync();

        var (expected, writes) = await FaultFreeAsync(stepIndex);
        Assert.True(writes > 0, $"{step} wrote nothing fault-free: there is no write position to fault");
        var cases = FaultKinds.ToDictionary(k => k, _ => 0);
        var finished = FaultKinds.ToDictionary(k => k, _ => 0);
        for (var k = 0; k < writes; k++)
        {
            foreach (var fault in FaultKinds)
            {
                await using var c = await StartAsync(stepIndex);
                var rule = c.Server.Faults.Add(Rule(fault, k + 1));
                var (faultedCode, faulted) = await c.RunAsync(step, [.. inputs, ("lock-wait", "0s")]);
                Assert.Equal(1, rule.Fired);
                c.Server.Faults.Clear();
                // A step that says it finished did finish; one that did not says why and exits 1.
                if (faultedCode == 0)
                {
                    Assert.True(expected == State(c, withRecord: true), $"{step} exited 0 after a {fault} at write {k + 1} but did not finish:\n{State(c, withRecord: true)}\n{faulted.Log}");
                    finished[fault]++;
                }
                else
                {
                    Assert.True(faultedCode == 1, $"{step} after a {fault} at write {k + 1}: exit {faultedCode}\n{faulted.Log}");
                    Assert.NotEmpty(faulted.Errors);
                }
                await ExpectServedAsync(c, $"{step} after a {fault} at write {k + 1}");

                // Rollback from this very point restores the pre-release objects.
                await using (var r = await StartAsync(stepIndex))
                {
                    r.Server.Faults.Add(Rule(fault, k + 1));
                    await r.RunAsync(step, [.. inputs, ("lock-wait", "0s")]);
                    r.Server.Faults.Clear();
                    await ExpireLeaseAsync(r);
                    var (rc, rh) = await r.RunAsync("rollback", ("app", AppName), ("lock-wait", "0s"));
                    // Stopped before its first record write, deploy-gray left nothing: rollback says so and has nothing to do.
                    var nothingStarted = rc == 2 && rh.Errors.Any(e => e.Contains($"no release of {AppName}"));
                    Assert.True(rc == 0 || nothingStarted, $"rollback after a {fault} at write {k + 1} of {step}: {rh.Log}");
                    var after = State(r, withRecord: false);
                    Assert.True(before == after, $"rollback after a {fault} at write {k + 1} of {step} left\n{after}\ninstead of\n{before}\n{rh.Log}");
                }

                await ExpireLeaseAsync(c);
                var (code, host) = await c.RunAsync(step, [.. inputs, ("lock-wait", "0s")]);
                Assert.True(code == 0, $"re-run of {step} after a {fault} at write {k + 1}: {host.Log}");
                Assert.Equal(expected, State(c, withRecord: true));
                await ExpectServedAsync(c, $"{step} re-run after a {fault} at write {k + 1}");
                cases[fault]++;
            }
        }
        output.WriteLine($"fault matrix {GetType().Name} / {step}: {writes} write positions; " +
                         string.Join(", ", FaultKinds.Select(f => $"{f}: {cases[f]} cases ({finished[f]} finished by the faulted run itself)")));
    }

    protected virtual string AppName => Service;

    private async Task<(string State, int Writes)> FaultFreeAsync(int stepIndex)
    {
        await using var c = await StartAsync(stepIndex);
        var before = await c.WritesAsync();
        var (code, host) = await c.RunAsync(Release[stepIndex].Step, Release[stepIndex].Inputs);
        Assert.True(code == 0, host.Log);
        return (State(c, withRecord: true), await c.WritesAsync() - before);
    }

    private async Task<ClusterFixture> StartAsync(int stepsDone)
    {
        var c = await ClusterFixture.StartAsync(Seed, Baseline);
        for (var i = 0; i < stepsDone; i++)
        {
            var (code, host) = await c.RunAsync(Release[i].Step, Release[i].Inputs);
            Assert.True(code == 0, host.Log);
        }
        return c;
    }

    /// <summary>A killed run's lease would expire on its own after a minute; the test ages it instead of waiting.</summary>
    private async Task ExpireLeaseAsync(ClusterFixture c)
    {
        var lease = c.Server.Get("coordination.k8s.io/v1", "Lease", "default", $"graylane-{AppName}");
        if (lease is null) return;
        lease["spec"]!["renewTime"] = DateTime.UtcNow.AddMinutes(-10).ToString("yyyy-MM-dd'T'HH:mm:ss.ffffff'Z'");
        ((JsonObject)lease["metadata"]!).Remove("resourceVersion");
        await c.Server.ApplyYamlAsync(lease.ToJsonString());
    }

    /// <summary>Traffic only ever points at ready workloads: every sampled request is served.</summary>
    private async Task ExpectServedAsync(ClusterFixture c, string when)
    {
        await c.Server.WaitIdleAsync();
        var paths = c.Server.Router.RouteMany(Sample, 30);
        var failed = paths.FirstOrDefault(p => p.Error is not null);
        Assert.True(failed is null, $"{when}: a request failed: {failed?.Text}");
    }

    /// <summary>
    /// What a user would call the state, in every namespace (a gateway VirtualService lives in istio-system): workloads,
    /// Services' selectors, the mesh and router objects, and (optionally) the release phase.
    /// </summary>
    private string State(ClusterFixture c, bool withRecord)
    {
        var state = new JsonObject();
        static string Key(JsonObject o) => $"{Obj.Namespace(o)}/{Obj.Name(o)}";
        foreach (var d in c.Server.List("apps/v1", "Deployment").OrderBy(Key, StringComparer.Ordinal))
        {
            var user = ServerFields.Strip(d);
            state[$"Deployment/{Key(d)}"] = new JsonObject { ["spec"] = user["spec"]!.DeepClone(), ["labels"] = user["metadata"]!["labels"]?.DeepClone() };
        }
        foreach (var svc in c.Server.List("v1", "Service").OrderBy(Key, StringComparer.Ordinal))
            state[$"Service/{Key(svc)}"] = ServerFields.Strip(svc)["spec"]?["selector"]?.DeepClone();
        foreach (var kind in MeshKinds)
            foreach (var o in c.Server.List("networking.istio.io/v1", kind).OrderBy(Key, StringComparer.Ordinal))
                state[$"{kind}/{Key(o)}"] = ServerFields.Strip(o)["spec"]!.DeepClone();
        foreach (var (apiVersion, kind) in RouterKinds)
            foreach (var o in c.Server.List(apiVersion, kind).OrderBy(Key, StringComparer.Ordinal))
                state[$"{kind}/{Key(o)}"] = ServerFields.Strip(o)["spec"]!.DeepClone();
        foreach (var (apiVersion, kind) in ContentKinds)
            foreach (var o in c.Server.List(apiVersion, kind).Where(o => !Obj.Name(o).StartsWith("graylane-", StringComparison.Ordinal)).OrderBy(Key, StringComparer.Ordinal))
            {
                var user = ServerFields.Strip(o);
                foreach (var own in new[] { "metadata", "status" }) user.Remove(own);
                state[$"{kind}/{Key(o)}"] = user;
            }
        foreach (var (apiVersion, kind) in WholeKinds)
            foreach (var o in c.Server.List(apiVersion, kind).OrderBy(Key, StringComparer.Ordinal))
            {
                var user = ServerFields.Strip(o);
                // A Service's address is allocated at random, as a real server allocates it, so it differs between the
                // clusters compared here; everything the user wrote is compared.
                if (user["spec"] is JsonObject spec && kind == "Service")
                    foreach (var allocated in new[] { "clusterIP", "clusterIPs" }) spec.Remove(allocated);
                state[$"{kind}/{Key(o)}"] = user;
            }
        if (withRecord)
        {
            var record = c.Server.Get("v1", "ConfigMap", "default", $"graylane-{AppName}");
            var json = JsonNode.Parse((string)record!["data"]!["release.json"]!)!;
            state["phase"] = json["phase"]!.DeepClone();
            state["traffic"] = json["traffic"]!.DeepClone();
            state["snapshots"] = new JsonArray(json["snapshots"]!.AsArray().Select(s => (JsonNode)JsonValue.Create($"{s!["kind"]}/{s["name"]}:{s["existed"]}")!).ToArray());
        }
        return state.ToJsonString();
    }
}
