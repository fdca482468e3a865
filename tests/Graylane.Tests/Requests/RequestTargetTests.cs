using Graylane.Tests.Lanes;
using Graylane.Tests.Routing.Replicas;
using Graylane.Tests.Support;
using Xunit.Abstractions;

namespace Graylane.Tests.Requests;

/// <summary>
/// The regression guard for the work a step does: each step of a release, on each router, is run against the local
/// cluster, and the API requests the cluster answered while it ran are held to docs/request-targets.md. The counts are
/// deterministic (no timing is asserted); a change that adds a request fails here until its target is raised, with a reason.
/// </summary>
public class RequestTargetTests(ITestOutputHelper output)
{
    private static readonly Lazy<Dictionary<(string Step, string Router, string Case), int>> Targets = new(RequestTargetsFile.Read);

    [Fact]
    public async Task Service_router_steps_stay_within_their_request_targets()
    {
        await using var c = await ClusterFixture.StartAsync();
        await ReleaseAsync(c, "service", ("app", "nginx-service"), "100",
            [("service", "nginx-service"), ("image", "nginx:1.27"), ("version", "v2")]);
    }

    [Fact]
    public async Task Istio_router_steps_stay_within_their_request_targets()
    {
        await using var c = await ClusterFixture.StartAsync(Bookinfo.Reviews + "\n---\n" + Bookinfo.UserIstio, "reviews-v1");
        await ReleaseAsync(c, "istio", ("app", "reviews"), "20",
            [("service", "reviews"), ("router", "istio"), ("route", "primary"), ("image", "istio/examples-bookinfo-reviews-v2:1.16.2"), ("version", "v2")]);
    }

    /// <summary>
    /// The Istio shift's "+1 when the DestinationRule changes": GitOps re-applied the user's DestinationRule without the subset
    /// deploy-gray added, so the shift (--accept-drift) adds it again — one record write holds both pending writes, then the
    /// DestinationRule and the VirtualService are written, in that order (the route names the subset).
    /// </summary>
    [Fact]
    public async Task Istio_shift_that_restores_the_gray_subset_makes_one_request_more()
    {
        await using var c = await ClusterFixture.StartAsync(Bookinfo.Reviews + "\n---\n" + Bookinfo.UserIstio, "reviews-v1");
        var (code, host) = await c.RunAsync("deploy-gray",
            ("service", "reviews"), ("router", "istio"), ("route", "primary"), ("image", "istio/examples-bookinfo-reviews-v2:1.16.2"), ("version", "v2"));
        Assert.True(code == 0, host.Log);
        await c.Server.ApplyYamlAsync("""
            apiVersion: networking.istio.io/v1
            kind: DestinationRule
            metadata: {name: reviews, namespace: default}
            spec:
              host: reviews
              trafficPolicy: {loadBalancer: {simple: ROUND_ROBIN}}
              subsets: [{name: v1, labels: {version: v1}}]
            """);

        var calls = await StepAsync(c, "istio", "shift-traffic", "DestinationRule changes", [("app", "reviews"), ("weight", "20"), ("accept-drift", "true")]);

        Assert.Equal(["get configmaps", "get virtualservices", "list destinationrules", "update configmaps", "update destinationrules", "update virtualservices"], calls);
        var subsets = c.Server.Get("networking.istio.io/v1", "DestinationRule", "default", "reviews")!["spec"]!["subsets"]!.AsArray();
        Assert.Equal(["v1", "v2"], subsets.Select(s => (string)s!["name"]!));
        var served = c.Served("reviews", 200);
        Assert.InRange(served.GetValueOrDefault("v2"), 10, 80);
    }

    [Fact]
    public async Task Lanes_router_steps_stay_within_their_request_targets()
    {
        await using var c = await MockApp.StartAsync();
        await ReleaseAsync(c, "lanes", ("app", "mock"), "20",
            [("app", "mock"), ("router", "lanes"), ("version", "v2"), ("services", LaneRelease.Images("mocka,mockc", "v2")),
             ("app-services", "mocka,mockb,mockc"), ("gateway", MockApp.Gateway)]);
    }

    [Fact]
    public async Task Gateway_api_router_steps_stay_within_their_request_targets()
    {
        await using var c = await ClusterFixture.StartAsync(GatewayShop.Yaml, "web");
        await ReleaseAsync(c, "gateway-api", ("app", "web"), "20",
            [("service", "web"), ("router", "gateway-api"), ("http-route", "web"), ("image", "registry.example.com/shop/web:2.0"), ("version", "v2")]);
    }

    [Fact]
    public async Task Nginx_router_steps_stay_within_their_request_targets()
    {
        await using var c = await ClusterFixture.StartAsync(NginxShop.Yaml, "web");
        await ReleaseAsync(c, "nginx", ("app", "web"), "20",
            [("service", "web"), ("router", "nginx"), ("image", "registry.example.com/shop/web:2.0"), ("version", "v2")]);
    }

    [Fact]
    public async Task Replicas_router_steps_stay_within_their_request_targets()
    {
        await using var c = await ClusterFixture.StartAsync(ReplicasSeed.Web, "web");
        await ReleaseAsync(c, "replicas", ("app", "web"), "20", ReplicasSeed.Deploy);
    }

    [Fact]
    public void Every_target_names_a_step_router_and_case_these_tests_run()
    {
        string[] routers = ["service", "istio", "lanes", "gateway-api", "nginx", "replicas"];
        var run = routers.SelectMany(r => Cases.Select(c => (c.Step, r, c.Case))).Append(("shift-traffic", "istio", "DestinationRule changes")).ToHashSet();
        foreach (var key in Targets.Value.Keys)
            Assert.True(run.Contains(key), $"{RequestTargetsFile.Path}: no test runs {key.Step} on {key.Router} ({key.Case}); remove the row or add the case");
    }

    private static readonly (string Step, string Case)[] Cases =
    [
        ("deploy-gray", "first run"), ("shift-traffic", "first run"), ("shift-traffic", "no-op"), ("status", "first run"),
        ("promote", "first run"), ("rollback", "first run"),
    ];

    /// <summary>deploy-gray, shift-traffic, the same shift again (nothing to do), status, promote, rollback — each held to its target.</summary>
    private async Task ReleaseAsync(ClusterFixture c, string router, (string, string) app, string weight, (string, string)[] deploy)
    {
        await StepAsync(c, router, "deploy-gray", "first run", deploy);
        await StepAsync(c, router, "shift-traffic", "first run", [app, ("weight", weight)]);
        await StepAsync(c, router, "shift-traffic", "no-op", [app, ("weight", weight)]);
        await StepAsync(c, router, "status", "first run", [app]);
        // --move-routes: the Istio seed's "admin" route names subset v1 too, so promote moves it (the others have none to move).
        await StepAsync(c, router, "promote", "first run", [app, ("move-routes", "true")]);
        await StepAsync(c, router, "rollback", "first run", [app, ("reason", "request targets")]);
    }

    private async Task<List<string>> StepAsync(ClusterFixture c, string router, string step, string @case, (string, string)[] inputs)
    {
        var before = await SettledCountAsync(c);
        var (code, host) = await c.RunAsync(step, inputs);
        Assert.True(code == 0, $"{step} ({router}): {host.Log}");
        var after = await SettledCountAsync(c);
        var calls = c.Server.Requests.Entries.Skip(before).Take(after - before)
            .Select(e => e.Resource.Length == 0 ? $"{e.Method} {e.Path}" : $"{e.Verb} {e.Resource}{(e.Subresource.Length > 0 ? "/" + e.Subresource : "")}").ToList();
        output.WriteLine($"{step} ({router}, {@case}): {calls.Count} requests: {string.Join(", ", calls)}");
        Assert.True(Targets.Value.TryGetValue((step, router, @case), out var target),
            $"{RequestTargetsFile.Path} has no target for {step} on {router} ({@case}); it made {calls.Count} requests: {string.Join(", ", calls)}");
        Assert.True(calls.Count <= target,
            $"{step} ({router}, {@case}) made {calls.Count} API requests, more than its target of {target} in {RequestTargetsFile.Path}:\n  {string.Join("\n  ", calls)}");
        return calls;
    }

    /// <summary>The server logs a request after answering it: wait until every answered request is in the log.</summary>
    private static async Task<int> SettledCountAsync(ClusterFixture c) => (await c.RequestsAsync()).Count;
}
