using System.Text.Json.Nodes;
using Graylane.Core.Json;
using Graylane.LocalCluster.Routing;
using Graylane.Tests.Support;

namespace Graylane.Tests.Steps;

/// <summary>Scenario S2 (seed 001, bookinfo reviews) and S1's rule-based gray traffic on Istio, against the local cluster.</summary>
public class IstioCanaryTests
{
    private static async Task<ClusterFixture> StartAsync(bool userObjects)
    {
        var c = await ClusterFixture.StartAsync(Bookinfo.Reviews + (userObjects ? "\n---\n" + Bookinfo.UserIstio : ""), "reviews-v1");
        (string, string)[] inputs = [("service", "reviews"), ("router", "istio"), ("image", "istio/examples-bookinfo-reviews-v2:1.16.2"), ("version", "v2")];
        var (code, host) = await c.RunAsync("deploy-gray", userObjects ? [.. inputs, ("route", "primary")] : inputs);
        Assert.True(code == 0, host.Log);
        Assert.Equal("reviews-v2", host.Outputs["gray-workload"]);
        return c;
    }

    private static Dictionary<string, int> Served(ClusterFixture c, int count, Dictionary<string, string>? headers = null, Dictionary<string, string>? cookies = null,
        Dictionary<string, string>? query = null, string path = "/")
    {
        var paths = c.Server.Router.RouteMany(new RouteRequest("default", "reviews", headers ?? [], cookies ?? [], query ?? [], path), count);
        return paths.GroupBy(p => p.Error is null ? p.Hops[0].Version ?? "?" : "error").ToDictionary(g => g.Key, g => g.Count());
    }

    private static JsonObject Vs(ClusterFixture c, string name = "reviews") => c.Server.Get("networking.istio.io/v1", "VirtualService", "default", name)!;

    [Fact]
    public async Task Without_istio_objects_graylane_creates_them_routing_everything_to_the_baseline()
    {
        await using var c = await StartAsync(userObjects: false);
        Assert.NotNull(c.Server.Get("networking.istio.io/v1", "DestinationRule", "default", "graylane-reviews"));
        Assert.NotNull(Vs(c, "graylane-reviews"));
        Assert.Equal("reviews", (string?)c.Service("reviews")!["spec"]!["selector"]!["app"]);
        Assert.Null(c.Selector("reviews")); // the mesh routes by subset: the Service keeps selecting every version
        Assert.Equal(new Dictionary<string, int> { ["v1"] = 50 }, Served(c, 50));
    }

    [Fact]
    public async Task Weights_step_up_and_back_down()
    {
        await using var c = await StartAsync(userObjects: false);
        foreach (var weight in new[] { 10, 20, 50, 100, 0 })
        {
            var (code, host) = await c.RunAsync("shift-traffic", ("app", "reviews"), ("weight", weight.ToString()));
            Assert.True(code == 0, host.Log);
            Assert.Equal(weight.ToString(), host.Outputs["gray-weight"]);
            var served = Served(c, 400);
            var gray = served.GetValueOrDefault("v2");
            Assert.InRange(gray, Math.Max(0, 4 * weight - 40), Math.Min(400, 4 * weight + 40));
        }
    }

    [Fact]
    public async Task Header_query_and_cookie_matches_send_testers_to_gray_whatever_the_weight()
    {
        await using var c = await StartAsync(userObjects: false);
        var (code, host) = await c.RunAsync("shift-traffic", ("app", "reviews"), ("weight", "0"),
            ("match", "header:x-canary=true\nquery:name=xiaoming\ncookie:user^=qa-"));
        Assert.True(code == 0, host.Log);

        Assert.Equal(new Dictionary<string, int> { ["v2"] = 20 }, Served(c, 20, headers: new() { ["x-canary"] = "true" }));
        Assert.Equal(new Dictionary<string, int> { ["v2"] = 20 }, Served(c, 20, query: new() { ["name"] = "xiaoming" }));
        Assert.Equal(new Dictionary<string, int> { ["v2"] = 20 }, Served(c, 20, cookies: new() { ["session"] = "1", ["user"] = "qa-ann" }));
        Assert.Equal(new Dictionary<string, int> { ["v1"] = 20 }, Served(c, 20, headers: new() { ["x-canary"] = "false" }, cookies: new() { ["user"] = "bob" }));

        // A later weight step keeps the testers' rule.
        Assert.Equal(0, (await c.RunAsync("shift-traffic", ("app", "reviews"), ("weight", "30"))).Code);
        Assert.Equal(new Dictionary<string, int> { ["v2"] = 20 }, Served(c, 20, headers: new() { ["x-canary"] = "true" }));
        Assert.Equal(0, (await c.RunAsync("shift-traffic", ("app", "reviews"), ("clear-match", "true"), ("weight", "0"))).Code);
        Assert.Equal(new Dictionary<string, int> { ["v1"] = 20 }, Served(c, 20, headers: new() { ["x-canary"] = "true" }));
    }

    [Fact]
    public async Task Mirror_copies_traffic_to_gray_and_set_header_tags_it()
    {
        await using var c = await StartAsync(userObjects: false);
        Assert.Equal(0, (await c.RunAsync("shift-traffic", ("app", "reviews"), ("mirror", "100"), ("set-header", "x-lane=v2"), ("weight", "0"))).Code);
        var paths = c.Server.Router.RouteMany(RouteRequest.To("default", "reviews"), 20);
        Assert.All(paths, p => Assert.Equal("v1", p.Hops[0].Version));
        Assert.All(paths, p => Assert.Equal("v2", Assert.Single(p.Mirrors).Version));
        var vs = Vs(c, "graylane-reviews").ToJsonString();
        Assert.Contains("\"x-lane\":\"v2\"", vs);
        Assert.Equal(0, (await c.RunAsync("shift-traffic", ("app", "reviews"), ("mirror", "0"))).Code);
        Assert.All(c.Server.Router.RouteMany(RouteRequest.To("default", "reviews"), 5), p => Assert.Empty(p.Mirrors));
    }

    [Fact]
    public async Task The_users_virtual_service_keeps_every_other_route_and_field_and_comes_back_exactly()
    {
        await using var c = await ClusterFixture.StartAsync(Bookinfo.Reviews + "\n---\n" + Bookinfo.UserIstio, "reviews-v1");
        var vsBefore = ServerFields.Strip(Vs(c));
        var drBefore = ServerFields.Strip(c.Server.Get("networking.istio.io/v1", "DestinationRule", "default", "reviews")!);
        var (code, host) = await c.RunAsync("deploy-gray", ("service", "reviews"), ("router", "istio"), ("image", "istio/examples-bookinfo-reviews-v2:1.16.2"), ("version", "v2"));
        Assert.Equal(2, code); // two routes go to reviews: the user must say which one Graylane manages
        Assert.Contains(host.Errors, e => e.Contains("choose one with --route"));
        Assert.Equal(0, (await c.RunAsync("deploy-gray", ("service", "reviews"), ("router", "istio"), ("image", "istio/examples-bookinfo-reviews-v2:1.16.2"), ("version", "v2"), ("route", "primary"))).Code);

        (code, host) = await c.RunAsync("shift-traffic", ("app", "reviews"), ("weight", "50"), ("match", "header:end-user=jason"));
        Assert.True(code == 0, host.Log);
        var vs = Vs(c);
        var http = vs["spec"]!["http"]!.AsArray();
        Assert.Equal(vsBefore["spec"]!["http"]![0]!.ToJsonString(), http[0]!.ToJsonString()); // /admin route untouched
        Assert.Equal("graylane-reviews-match-1", (string?)http[1]!["name"]); // just before the managed route
        Assert.Equal("primary", (string?)http[2]!["name"]);
        Assert.Equal("10s", (string?)http[2]!["timeout"]);
        Assert.Equal("books", (string?)vs["metadata"]!["annotations"]!["team"]);
        Assert.Equal(new Dictionary<string, int> { ["error"] = 10 }, Served(c, 10, path: "/admin")); // still aborted by the user's fault
        Assert.Equal(new Dictionary<string, int> { ["v2"] = 10 }, Served(c, 10, headers: new() { ["end-user"] = "jason" }));

        (code, host) = await c.RunAsync("rollback", ("app", "reviews"));
        Assert.True(code == 0, host.Log);
        Assert.True(JsonNode.DeepEquals(vsBefore, ServerFields.Strip(Vs(c))), Vs(c).ToJsonString());
        Assert.True(JsonNode.DeepEquals(drBefore, ServerFields.Strip(c.Server.Get("networking.istio.io/v1", "DestinationRule", "default", "reviews")!)));
        Assert.Null(c.Deployment("reviews-v2"));
    }

    [Fact]
    public async Task A_second_identical_shift_writes_nothing()
    {
        await using var c = await StartAsync(userObjects: true);
        Assert.Equal(0, (await c.RunAsync("shift-traffic", ("app", "reviews"), ("weight", "20"), ("match", "header:x-canary=true"))).Code);
        var writes = await c.WritesAsync();
        var (code, host) = await c.RunAsync("shift-traffic", ("app", "reviews"), ("weight", "20"), ("match", "header:x-canary=true"));
        Assert.True(code == 0, host.Log);
        Assert.Equal(writes, await c.WritesAsync());
    }

    [Fact]
    public async Task A_hand_edit_of_the_virtual_service_is_reported_not_overwritten()
    {
        await using var c = await StartAsync(userObjects: true);
        Assert.Equal(0, (await c.RunAsync("shift-traffic", ("app", "reviews"), ("weight", "20"))).Code);
        var edited = Vs(c);
        edited["spec"]!["http"]![1]!["timeout"] = "30s";
        await c.Server.ApplyYamlAsync(edited.ToJsonString());
        var writes = await c.WritesAsync();

        var (code, host) = await c.RunAsync("shift-traffic", ("app", "reviews"), ("weight", "50"));
        Assert.Equal(2, code);
        Assert.Contains(host.Errors, e => e.Contains("was changed since Graylane") && e.Contains("timeout") && e.Contains("--accept-drift"));
        Assert.Equal(writes, await c.WritesAsync());

        (code, host) = await c.RunAsync("shift-traffic", ("app", "reviews"), ("weight", "50"), ("accept-drift", "true"));
        Assert.True(code == 0, host.Log);
        Assert.Equal("30s", (string?)Vs(c)["spec"]!["http"]![1]!["timeout"]);
    }

    [Fact]
    public async Task Promote_moves_all_traffic_then_points_the_route_at_the_new_version_only()
    {
        await using var c = await StartAsync(userObjects: true);
        Assert.Equal(0, (await c.RunAsync("shift-traffic", ("app", "reviews"), ("weight", "100"), ("match", "header:x-canary=true"))).Code);
        var (code, host) = await c.RunAsync("promote", ("app", "reviews"), ("move-routes", "true")); // the "admin" route names subset v1 too
        Assert.True(code == 0, host.Log);

        var http = Vs(c)["spec"]!["http"]!.AsArray();
        Assert.Equal(2, http.Count); // Graylane's match route is gone
        Assert.Equal("v2", (string?)http[0]!["route"]![0]!["destination"]!["subset"]); // "admin" moved, its 403 fault kept
        Assert.Equal(403, (int)http[0]!["fault"]!["abort"]!["httpStatus"]!);
        var route = Assert.Single(http[1]!["route"]!.AsArray());
        Assert.Equal("v2", (string?)route!["destination"]!["subset"]);
        Assert.Equal(0, Obj.Int(c.Deployment("reviews-v1")!["spec"]!["replicas"]));
        Assert.Equal(new Dictionary<string, int> { ["v2"] = 20 }, Served(c, 20));

        (code, host) = await c.RunAsync("rollback", ("app", "reviews"));
        Assert.True(code == 0, host.Log);
        Assert.Equal(new Dictionary<string, int> { ["v1"] = 20 }, Served(c, 20));
    }

    [Fact]
    public async Task Promote_without_user_objects_removes_what_graylane_created()
    {
        await using var c = await StartAsync(userObjects: false);
        Assert.Equal(0, (await c.RunAsync("promote", ("app", "reviews"))).Code);
        Assert.Null(c.Server.Get("networking.istio.io/v1", "VirtualService", "default", "graylane-reviews"));
        Assert.Null(c.Server.Get("networking.istio.io/v1", "DestinationRule", "default", "graylane-reviews"));
        Assert.Equal(new Dictionary<string, int> { ["v2"] = 20 }, Served(c, 20));
    }

    [Fact]
    public async Task Status_after_a_rollback_reports_the_removed_mesh_objects_as_removed_not_as_drift()
    {
        await using var c = await StartAsync(userObjects: false);
        Assert.Equal(0, (await c.RunAsync("shift-traffic", ("app", "reviews"), ("weight", "20"))).Code);
        Assert.Equal(0, (await c.RunAsync("rollback", ("app", "reviews"), ("reason", "test"))).Code);
        Assert.Null(Vs(c, "graylane-reviews")); // created for the release, removed by the rollback
        var (code, host) = await c.RunAsync("status", ("app", "reviews"));
        Assert.True(code == 0, host.Log);
        Assert.DoesNotContain("changed since Graylane", host.Log);
        Assert.DoesNotContain("(yet)", host.Log);
        Assert.Contains("removed at rollback", host.Log);
    }

    public static TheoryData<string[], string, string> BadShifts => new()
    {
        { ["weight", "150"], "weight", "whole number from 0 to 100" },
        { ["match", "header:x-canary"], "match", "--match" },
        { ["match", "header:x-canary~(?=lookahead)"], "match", "--match" },
        { ["match", "body:x=1"], "match", "--match" },
        { ["mirror", "lots"], "mirror", "not a percentage" },
        { ["set-header", "x-lane"], "set-header", "--set-header" },
    };

    [Theory]
    [MemberData(nameof(BadShifts))]
    public async Task Bad_shift_input_is_refused_without_writes(string[] flat, string input, string expected)
    {
        await using var c = await StartAsync(userObjects: true);
        var writes = await c.WritesAsync();
        var (code, host) = await c.RunAsync("shift-traffic", ("app", "reviews"), (flat[0], flat[1]));
        Assert.Equal(2, code);
        Assert.Contains(host.Errors, e => e.Contains(expected) && e.Contains($"--{input}"));
        Assert.Equal(writes, await c.WritesAsync());
    }

    [Fact]
    public async Task A_virtual_service_that_does_not_route_to_the_service_is_refused()
    {
        await using var c = await ClusterFixture.StartAsync(Bookinfo.Reviews + "\n---\n" + Bookinfo.UserIstio, "reviews-v1");
        await c.Server.ApplyYamlAsync("""
            apiVersion: networking.istio.io/v1
            kind: VirtualService
            metadata: {name: ratings, namespace: default}
            spec:
              hosts: [ratings]
              http: [{route: [{destination: {host: ratings}}]}]
            """);
        c.Server.Requests.Clear();
        var (code, host) = await c.RunAsync("deploy-gray", ("service", "reviews"), ("router", "istio"), ("image", "istio/examples-bookinfo-reviews-v2:1.16.2"),
            ("version", "v2"), ("virtual-service", "ratings"));
        Assert.Equal(2, code);
        Assert.Contains(host.Errors, e => e.Contains("ratings") && e.Contains("reviews"));
        await c.WritesAsync();
        // Checked before the lease is taken: nothing is written at all.
        Assert.DoesNotContain(c.Server.Requests.Entries, e => e.IsWrite);
    }
}

/// <summary>Host mode: a stable and a canary Service, each a destination of the route.</summary>
public class IstioHostModeTests
{
    private const string Canary = """
        apiVersion: v1
        kind: Service
        metadata: {name: reviews-canary, namespace: default}
        spec:
          selector: {app: reviews, version: v2}
          ports: [{port: 9080, name: http}]
        """;

    private static Dictionary<string, int> Served(ClusterFixture c, int count) =>
        c.Server.Router.RouteMany(RouteRequest.To("default", "reviews"), count)
            .GroupBy(p => p.Error is null ? p.Hops[^1].Version ?? "?" : "error").ToDictionary(g => g.Key, g => g.Count());

    [Fact]
    public async Task Stable_and_canary_services_split_then_promote_moves_the_stable_service()
    {
        await using var c = await ClusterFixture.StartAsync(Bookinfo.Reviews + "\n---\n" + Canary, "reviews-v1");
        var before = ServerFields.Strip(c.Service("reviews")!);
        var (code, host) = await c.RunAsync("deploy-gray", ("service", "reviews"), ("router", "istio"), ("canary-service", "reviews-canary"),
            ("image", "istio/examples-bookinfo-reviews-v2:1.16.2"), ("version", "v2"));
        Assert.True(code == 0, host.Log);
        Assert.Equal("v1", c.Selector("reviews")); // the stable Service was pinned to the baseline
        Assert.Equal(new Dictionary<string, int> { ["v1"] = 40 }, Served(c, 40));

        Assert.Equal(0, (await c.RunAsync("shift-traffic", ("app", "reviews"), ("weight", "50"))).Code);
        var route = c.Server.Get("networking.istio.io/v1", "VirtualService", "default", "graylane-reviews")!["spec"]!["http"]![0]!["route"]!.AsArray();
        Assert.Equal(new[] { "reviews", "reviews-canary" }, route.Select(r => (string)r!["destination"]!["host"]!).ToArray());
        Assert.InRange(Served(c, 400).GetValueOrDefault("v2"), 140, 260);

        (code, host) = await c.RunAsync("promote", ("app", "reviews"));
        Assert.True(code == 0, host.Log);
        Assert.Equal("v2", c.Selector("reviews"));
        Assert.Equal(new Dictionary<string, int> { ["v2"] = 40 }, Served(c, 40));

        (code, host) = await c.RunAsync("rollback", ("app", "reviews"));
        Assert.True(code == 0, host.Log);
        Assert.True(ServerFields.SameUserContent(before, c.Service("reviews")!));
        Assert.Equal(new Dictionary<string, int> { ["v1"] = 40 }, Served(c, 40));
    }
}

/// <summary>Bad input specific to the mesh: nothing is changed.</summary>
public class IstioBadInputTests
{
    [Fact]
    public async Task Mirror_with_the_service_router_is_refused()
    {
        await using var c = await ClusterFixture.StartAsync();
        Assert.Equal(0, (await c.RunAsync("deploy-gray", ("service", "nginx-service"), ("image", "nginx:1.27"), ("version", "v2"))).Code);
        var writes = await c.WritesAsync();
        var (code, host) = await c.RunAsync("shift-traffic", ("app", "nginx-service"), ("mirror", "50"));
        Assert.Equal(2, code);
        Assert.Contains(host.Errors, e => e.Contains("--mirror is not possible with --router service") && e.Contains("Routers that can mirror traffic: --router istio"));
        Assert.Equal(writes, await c.WritesAsync());
    }
}
