using System.Text.Json.Nodes;
using Graylane.Core.Json;
using Graylane.Tests.Support;

namespace Graylane.Tests.Steps;

/// <summary>
/// --router gateway-api end to end on the local cluster, through the real client: the user's HTTPRoute edited only in
/// the rule Graylane manages (validated by the served v1.6.1 CRD and its CEL rules), requests answered through the
/// Gateway by Gateway API precedence and weights, promote and rollback giving the user's objects back byte for byte.
/// </summary>
public class GatewayApiCanaryTests
{
    private static readonly (string, string)[] Deploy =
        [("service", "web"), ("router", "gateway-api"), ("http-route", "web"), ("image", "registry.example.com/shop/web:2.0"), ("version", "v2")];

    private static async Task<ClusterFixture> StartAsync(bool deploy = true, string? seed = null)
    {
        var c = await ClusterFixture.StartAsync(seed ?? GatewayShop.Yaml, "web");
        if (!deploy) return c;
        var (code, host) = await c.RunAsync("deploy-gray", Deploy);
        Assert.True(code == 0, host.Log);
        return c;
    }

    private static string UserContent(JsonObject? o) => ServerFields.Strip(o!).ToJsonString();

    private static Dictionary<string, int> Served(ClusterFixture c, int count = 40, Dictionary<string, string>? headers = null,
        Dictionary<string, string>? cookies = null, Dictionary<string, string>? query = null, string path = "/") =>
        GatewayShop.Served(c.Server, count, GatewayShop.Request(path, headers, cookies, query));

    private static async Task ShiftAsync(ClusterFixture c, params (string, string)[] inputs)
    {
        var (code, host) = await c.RunAsync("shift-traffic", [("app", "web"), .. inputs]);
        Assert.True(code == 0, host.Log);
    }

    [Fact]
    public async Task Deploy_gray_adds_a_canary_service_pins_the_stable_one_and_leaves_the_route_as_it_was()
    {
        await using var c = await StartAsync(deploy: false);
        var route = UserContent(GatewayShop.HttpRoute(c.Server));
        var (code, host) = await c.RunAsync("deploy-gray", Deploy);
        Assert.True(code == 0, host.Log);

        var canary = c.Service("web-v2")!;
        Assert.Equal("""{"app":"web","version":"v2"}""", canary["spec"]!["selector"]!.ToJsonString());
        Assert.Equal("v1", c.Selector("web"));   // app: web alone would select the gray pods too
        Assert.Equal(route, UserContent(GatewayShop.HttpRoute(c.Server)));
        Assert.Equal(new Dictionary<string, int> { ["v1"] = 40 }, Served(c));
        Assert.Equal(new Dictionary<string, int> { ["a1"] = 10 }, Served(c, 10, path: "/admin/users"));
    }

    [Fact]
    public async Task Weights_split_the_managed_rule_and_every_other_rule_stays_byte_for_byte()
    {
        await using var c = await StartAsync();
        var admin = GatewayShop.HttpRoute(c.Server)!["spec"]!["rules"]![0]!.ToJsonString();
        foreach (var weight in new[] { 20, 50, 100, 0 })
        {
            await ShiftAsync(c, ("weight", weight.ToString()));
            var gray = Served(c, 400).GetValueOrDefault("v2");
            Assert.InRange(gray, Math.Max(0, 4 * weight - 40), Math.Min(400, 4 * weight + 40));
            var rules = GatewayShop.HttpRoute(c.Server)!["spec"]!["rules"]!.AsArray();
            Assert.Equal(admin, rules[0]!.ToJsonString());
            Assert.Equal(2, rules.Count);
        }
    }

    [Fact]
    public async Task Match_rules_catch_testers_by_header_query_and_cookie_whatever_the_weight()
    {
        await using var c = await StartAsync();
        await ShiftAsync(c, ("weight", "0"), ("match", "header:x-canary=true\nquery:name=xiaoming\ncookie:user^=qa-"), ("set-header", "x-gray=yes"));

        Assert.Equal(new Dictionary<string, int> { ["v2"] = 20 }, Served(c, 20, headers: new() { ["x-canary"] = "true" }));
        Assert.Equal(new Dictionary<string, int> { ["v2"] = 20 }, Served(c, 20, query: new() { ["name"] = "xiaoming" }));
        Assert.Equal(new Dictionary<string, int> { ["v2"] = 20 }, Served(c, 20, cookies: new() { ["session"] = "1", ["user"] = "qa-ann" }));
        Assert.Equal(new Dictionary<string, int> { ["v1"] = 20 }, Served(c, 20, headers: new() { ["x-canary"] = "false" }, cookies: new() { ["user"] = "bob" }));
        // The /admin rule is longer than the match rules' "/": its requests still go to admin.
        Assert.Equal(new Dictionary<string, int> { ["a1"] = 10 }, Served(c, 10, headers: new() { ["x-canary"] = "true" }, path: "/admin"));
        var names = GatewayShop.HttpRoute(c.Server)!["spec"]!["rules"]!.AsArray().Select(r => (string?)r!["name"]).ToList();
        Assert.Equal(["admin", "main", "graylane-web-match-1", "graylane-web-match-2", "graylane-web-match-3"], names);

        await ShiftAsync(c, ("clear-match", "true"));
        Assert.Equal(new Dictionary<string, int> { ["v1"] = 20 }, Served(c, 20, headers: new() { ["x-canary"] = "true" }));
        Assert.Equal(2, GatewayShop.HttpRoute(c.Server)!["spec"]!["rules"]!.AsArray().Count);
    }

    [Fact]
    public async Task Mirror_copies_the_rule_traffic_to_the_canary()
    {
        await using var c = await StartAsync();
        await ShiftAsync(c, ("mirror", "50"));
        var paths = c.Server.Router.RouteMany(GatewayShop.Request(), 400);
        Assert.All(paths, p => Assert.Equal("v1", p.Hops[0].Version));
        Assert.InRange(paths.Count(p => p.Mirrors.Count == 1 && p.Mirrors[0].Version == "v2"), 150, 250);
        var (code, host) = await c.RunAsync("status", ("app", "web"));
        Assert.True(code == 0, host.Log);
        Assert.Contains("50% of the rule's traffic is mirrored to v2", host.Log);
    }

    [Fact]
    public async Task Promote_points_the_stable_service_at_the_new_version_and_gives_the_route_back_as_it_was()
    {
        await using var c = await StartAsync(deploy: false);
        var route = UserContent(GatewayShop.HttpRoute(c.Server));
        Assert.Equal(0, (await c.RunAsync("deploy-gray", Deploy)).Code);
        await ShiftAsync(c, ("weight", "30"), ("match", "header:x-canary=true"), ("mirror", "10"));

        var (code, host) = await c.RunAsync("promote", ("app", "web"));
        Assert.True(code == 0, host.Log);
        Assert.Equal("v2", c.Selector("web"));
        Assert.Equal(route, UserContent(GatewayShop.HttpRoute(c.Server)));
        Assert.Null(c.Service("web-v2"));
        Assert.Equal(0, Obj.Int(c.Deployment("web")!["spec"]!["replicas"]));
        await c.Server.WaitIdleAsync();
        Assert.Equal(new Dictionary<string, int> { ["v2"] = 40 }, Served(c));
        var (statusCode, status) = await c.RunAsync("status", ("app", "web"));
        Assert.True(statusCode == 0, status.Log);
        Assert.Equal("100", status.Outputs["gray-weight"]);
    }

    [Fact]
    public async Task Rollback_after_promote_restores_the_services_route_and_workloads_exactly()
    {
        await using var c = await StartAsync(deploy: false);
        var before = new[] { UserContent(GatewayShop.HttpRoute(c.Server)), UserContent(c.Service("web")), UserContent(c.Deployment("web")) };
        Assert.Equal(0, (await c.RunAsync("deploy-gray", Deploy)).Code);
        await ShiftAsync(c, ("weight", "100"), ("match", "cookie:user=qa-1"));
        Assert.Equal(0, (await c.RunAsync("promote", ("app", "web"))).Code);

        var (code, host) = await c.RunAsync("rollback", ("app", "web"), ("reason", "checkout errors"));
        Assert.True(code == 0, host.Log);
        Assert.Equal(before, new[] { UserContent(GatewayShop.HttpRoute(c.Server)), UserContent(c.Service("web")), UserContent(c.Deployment("web")) });
        Assert.Null(c.Service("web-v2"));
        Assert.Null(c.Deployment("web-v2"));
        await c.WaitReadyAsync("web");
        Assert.Equal(new Dictionary<string, int> { ["v1"] = 40 }, Served(c));
    }

    [Fact]
    public async Task Without_an_http_route_graylane_creates_one_on_the_gateway_and_removes_it_at_promote()
    {
        await using var c = await ClusterFixture.StartAsync(GatewayShop.Infra + "\n---\n" + GatewayShop.App, "web");
        var (code, host) = await c.RunAsync("deploy-gray", ("service", "web"), ("router", "gateway-api"), ("gateway", GatewayShop.Gateway),
            ("host", GatewayShop.Host), ("image", "registry.example.com/shop/web:2.0"), ("version", "v2"));
        Assert.True(code == 0, host.Log);
        var created = GatewayShop.HttpRoute(c.Server, "graylane-web")!;
        Assert.Equal("graylane", (string?)created["metadata"]!["labels"]!["app.kubernetes.io/managed-by"]);
        Assert.Equal(new Dictionary<string, int> { ["v1"] = 20 }, Served(c, 20));
        await ShiftAsync(c, ("weight", "100"));
        Assert.Equal(new Dictionary<string, int> { ["v2"] = 20 }, Served(c, 20));

        Assert.Equal(0, (await c.RunAsync("promote", ("app", "web"))).Code);
        Assert.Null(GatewayShop.HttpRoute(c.Server, "graylane-web"));
        Assert.Null(c.Service("web-v2"));
        Assert.Equal("v2", c.Selector("web"));
    }

    [Fact]
    public async Task A_change_someone_made_to_the_route_stops_the_next_shift_until_accepted()
    {
        await using var c = await StartAsync();
        await ShiftAsync(c, ("weight", "20"));
        var route = GatewayShop.HttpRoute(c.Server)!;
        route["spec"]!["rules"]![1]!["timeouts"]!["request"] = "30s";
        await c.Server.ApplyYamlAsync(route.ToJsonString());

        var writes = await c.WritesAsync();
        var (code, host) = await c.RunAsync("shift-traffic", ("app", "web"), ("weight", "50"));
        Assert.Equal(2, code);
        Assert.Contains(host.Errors, e => e.Contains("timeouts.request: expected \"10s\", found \"30s\"") && e.Contains("--accept-drift"));
        Assert.Equal(writes, await c.WritesAsync());
        Assert.Equal(0, (await c.RunAsync("shift-traffic", ("app", "web"), ("weight", "50"), ("accept-drift", "true"))).Code);
        Assert.Equal("30s", (string?)GatewayShop.HttpRoute(c.Server)!["spec"]!["rules"]![1]!["timeouts"]!["request"]);
    }

    [Fact]
    public async Task A_given_canary_service_is_used_and_kept()
    {
        await using var c = await StartAsync(deploy: false);
        var (code, host) = await c.RunAsync("deploy-gray", [.. Deploy, ("canary-service", "web-canary")]);
        Assert.True(code == 0, host.Log);
        Assert.Null(c.Service("web-v2"));
        await ShiftAsync(c, ("weight", "100"));
        Assert.Equal("web-canary", (string?)GatewayShop.HttpRoute(c.Server)!["spec"]!["rules"]![1]!["backendRefs"]![1]!["name"]);
        Assert.Equal(new Dictionary<string, int> { ["v2"] = 20 }, Served(c, 20));
        Assert.Equal(0, (await c.RunAsync("promote", ("app", "web"))).Code);
        Assert.NotNull(c.Service("web-canary"));
    }
}
