using System.Text.Json.Nodes;
using Graylane.Core.Json;
using Graylane.Tests.Support;

namespace Graylane.Tests.Steps;

/// <summary>
/// --router nginx end to end on the local cluster: the canary Ingress web-canary copies the user's path to the Service and
/// is steered by ingress-nginx's canary annotations; requests through the controller follow ingress-nginx's precedence
/// (header over cookie over weight); the user's Ingress is never written; promote moves the stable Service and removes
/// the canary; rollback gives everything back byte for byte.
/// </summary>
public class NginxCanaryTests
{
    private static readonly (string, string)[] Deploy =
        [("service", "web"), ("router", "nginx"), ("image", "registry.example.com/shop/web:2.0"), ("version", "v2")];

    private static async Task<ClusterFixture> StartAsync(bool deploy = true)
    {
        var c = await ClusterFixture.StartAsync(NginxShop.Yaml, "web");
        if (!deploy) return c;
        var (code, host) = await c.RunAsync("deploy-gray", Deploy);
        Assert.True(code == 0, host.Log);
        return c;
    }

    private static string UserContent(JsonObject? o) => ServerFields.Strip(o!).ToJsonString();

    private static Dictionary<string, int> Served(ClusterFixture c, int count = 40, Dictionary<string, string>? headers = null,
        Dictionary<string, string>? cookies = null, string path = "/") =>
        NginxShop.Served(c.Server, count, NginxShop.Request(path, headers, cookies));

    private static async Task ShiftAsync(ClusterFixture c, params (string, string)[] inputs)
    {
        var (code, host) = await c.RunAsync("shift-traffic", [("app", "web"), .. inputs]);
        Assert.True(code == 0, host.Log);
    }

    private static Dictionary<string, string> CanaryAnnotations(ClusterFixture c) =>
        Obj.Annotations(NginxShop.Get(c.Server, "web-canary")!).Where(a => a.Key.StartsWith("nginx.ingress.kubernetes.io/", StringComparison.Ordinal))
            .ToDictionary(a => a.Key["nginx.ingress.kubernetes.io/".Length..], a => a.Value);

    [Fact]
    public async Task Deploy_gray_adds_a_canary_ingress_copying_the_users_path_at_weight_0()
    {
        await using var c = await StartAsync(deploy: false);
        var ingress = UserContent(NginxShop.Get(c.Server));
        var (code, host) = await c.RunAsync("deploy-gray", Deploy);
        Assert.True(code == 0, host.Log);

        Assert.Equal("""{"app":"web","version":"v2"}""", c.Service("web-v2")!["spec"]!["selector"]!.ToJsonString());
        Assert.Equal("v1", c.Selector("web"));
        var canary = NginxShop.Get(c.Server, "web-canary")!;
        Assert.Equal("nginx", (string?)canary["spec"]!["ingressClassName"]);
        Assert.Equal("""[{"host":"shop.example.com","http":{"paths":[{"path":"/","pathType":"Prefix","backend":{"service":{"name":"web-v2","port":{"name":"http"}}}}]}}]""",
            canary["spec"]!["rules"]!.ToJsonString());
        Assert.Equal(new Dictionary<string, string> { ["canary"] = "true", ["canary-weight"] = "0" }, CanaryAnnotations(c));
        Assert.Equal(ingress, UserContent(NginxShop.Get(c.Server)));
        Assert.Equal(new Dictionary<string, int> { ["v1"] = 40 }, Served(c));
        Assert.Equal(new Dictionary<string, int> { ["a1"] = 10 }, Served(c, 10, path: "/admin/users"));
    }

    [Fact]
    public async Task Weights_send_that_share_through_the_controller()
    {
        await using var c = await StartAsync();
        foreach (var weight in new[] { 20, 50, 100, 0 })
        {
            await ShiftAsync(c, ("weight", weight.ToString()));
            Assert.Equal(weight.ToString(), CanaryAnnotations(c)["canary-weight"]);
            var gray = Served(c, 400).GetValueOrDefault("v2");
            Assert.InRange(gray, Math.Max(0, 4 * weight - 40), Math.Min(400, 4 * weight + 40));
        }
    }

    [Fact]
    public async Task A_header_and_a_cookie_send_testers_to_the_canary_whatever_the_weight()
    {
        await using var c = await StartAsync();
        await ShiftAsync(c, ("weight", "0"), ("match", "header:x-canary=true\ncookie:canary=always"));
        Assert.Equal(new Dictionary<string, string>
        {
            ["canary"] = "true", ["canary-weight"] = "0", ["canary-by-header"] = "x-canary", ["canary-by-header-value"] = "true", ["canary-by-cookie"] = "canary",
        }, CanaryAnnotations(c));
        Assert.Equal(new Dictionary<string, int> { ["v2"] = 20 }, Served(c, 20, headers: new() { ["x-canary"] = "true" }));
        Assert.Equal(new Dictionary<string, int> { ["v2"] = 20 }, Served(c, 20, cookies: new() { ["canary"] = "always" }));
        Assert.Equal(new Dictionary<string, int> { ["v1"] = 20 }, Served(c, 20, headers: new() { ["x-canary"] = "false" }, cookies: new() { ["canary"] = "no" }));
        // Only the copied path has a canary: /admin stays on admin.
        Assert.Equal(new Dictionary<string, int> { ["a1"] = 10 }, Served(c, 10, headers: new() { ["x-canary"] = "true" }, path: "/admin"));

        await ShiftAsync(c, ("match", "header:x-user~qa-[0-9]+"));
        Assert.Equal("^(?:qa-[0-9]+)$", CanaryAnnotations(c)["canary-by-header-pattern"]);
        Assert.Equal(new Dictionary<string, int> { ["v2"] = 20 }, Served(c, 20, headers: new() { ["x-user"] = "qa-12" }));
        Assert.Equal(new Dictionary<string, int> { ["v1"] = 20 }, Served(c, 20, headers: new() { ["x-user"] = "xqa-12" }));

        await ShiftAsync(c, ("clear-match", "true"));
        Assert.Equal(new Dictionary<string, string> { ["canary"] = "true", ["canary-weight"] = "0" }, CanaryAnnotations(c));
        Assert.Equal(new Dictionary<string, int> { ["v1"] = 20 }, Served(c, 20, headers: new() { ["x-user"] = "qa-12" }));
    }

    [Fact]
    public async Task Status_reads_the_canary_share_and_rules()
    {
        await using var c = await StartAsync();
        await ShiftAsync(c, ("weight", "30"), ("match", "header:x-canary=true"));
        var (code, host) = await c.RunAsync("status", ("app", "web"));
        Assert.True(code == 0, host.Log);
        Assert.Equal("30", host.Outputs["gray-weight"]);
        Assert.Contains("requests with header x-canary: true go to v2", host.Log);
    }

    [Fact]
    public async Task Promote_moves_the_stable_service_and_removes_the_canary_leaving_the_ingress_as_it_was()
    {
        await using var c = await StartAsync(deploy: false);
        var ingress = UserContent(NginxShop.Get(c.Server));
        Assert.Equal(0, (await c.RunAsync("deploy-gray", Deploy)).Code);
        await ShiftAsync(c, ("weight", "30"), ("match", "header:x-canary=true"));

        var (code, host) = await c.RunAsync("promote", ("app", "web"));
        Assert.True(code == 0, host.Log);
        Assert.Equal("v2", c.Selector("web"));
        Assert.Null(NginxShop.Get(c.Server, "web-canary"));
        Assert.Null(c.Service("web-v2"));
        Assert.Equal(ingress, UserContent(NginxShop.Get(c.Server)));
        Assert.Equal(0, Obj.Int(c.Deployment("web")!["spec"]!["replicas"]));
        await c.Server.WaitIdleAsync();
        Assert.Equal(new Dictionary<string, int> { ["v2"] = 40 }, Served(c));
        var (statusCode, status) = await c.RunAsync("status", ("app", "web"));
        Assert.True(statusCode == 0, status.Log);
        Assert.Equal("100", status.Outputs["gray-weight"]);

        // Run again: nothing left to do, nothing written.
        var writes = await c.WritesAsync();
        Assert.Equal(0, (await c.RunAsync("promote", ("app", "web"))).Code);
        Assert.Equal(writes, await c.WritesAsync());
    }

    [Fact]
    public async Task Rollback_after_promote_restores_the_service_ingress_and_workloads_exactly()
    {
        await using var c = await StartAsync(deploy: false);
        var before = new[] { UserContent(NginxShop.Get(c.Server)), UserContent(c.Service("web")), UserContent(c.Deployment("web")) };
        Assert.Equal(0, (await c.RunAsync("deploy-gray", Deploy)).Code);
        await ShiftAsync(c, ("weight", "100"), ("match", "cookie:canary=always"));
        Assert.Equal(0, (await c.RunAsync("promote", ("app", "web"))).Code);

        var (code, host) = await c.RunAsync("rollback", ("app", "web"), ("reason", "checkout errors"));
        Assert.True(code == 0, host.Log);
        Assert.Equal(before, new[] { UserContent(NginxShop.Get(c.Server)), UserContent(c.Service("web")), UserContent(c.Deployment("web")) });
        Assert.Null(NginxShop.Get(c.Server, "web-canary"));
        Assert.Null(c.Service("web-v2"));
        Assert.Null(c.Deployment("web-v2"));
        await c.WaitReadyAsync("web");
        Assert.Equal(new Dictionary<string, int> { ["v1"] = 40 }, Served(c));
    }

    [Fact]
    public async Task A_change_someone_made_to_the_canary_stops_the_next_shift_until_accepted()
    {
        await using var c = await StartAsync();
        await ShiftAsync(c, ("weight", "20"));
        var canary = NginxShop.Get(c.Server, "web-canary")!;
        canary["metadata"]!["annotations"]!["nginx.ingress.kubernetes.io/canary-weight"] = "90";
        await c.Server.ApplyYamlAsync(canary.ToJsonString());

        var writes = await c.WritesAsync();
        var (code, host) = await c.RunAsync("shift-traffic", ("app", "web"), ("weight", "50"));
        Assert.Equal(2, code);
        Assert.Contains(host.Errors, e => e.Contains("canary-weight") && e.Contains("--accept-drift"));
        Assert.Equal(writes, await c.WritesAsync());
        Assert.Equal(0, (await c.RunAsync("shift-traffic", ("app", "web"), ("weight", "50"), ("accept-drift", "true"))).Code);
        Assert.Equal("50", CanaryAnnotations(c)["canary-weight"]);
    }

    [Fact]
    public async Task A_given_canary_service_is_used_and_kept()
    {
        await using var c = await StartAsync(deploy: false);
        var (code, host) = await c.RunAsync("deploy-gray", [.. Deploy, ("canary-service", "web-canary"), ("ingress", "web")]);
        Assert.True(code == 0, host.Log);
        Assert.Null(c.Service("web-v2"));
        await ShiftAsync(c, ("weight", "100"));
        Assert.Equal("web-canary", (string?)NginxShop.Get(c.Server, "web-canary")!["spec"]!["rules"]![0]!["http"]!["paths"]![0]!["backend"]!["service"]!["name"]);
        Assert.Equal(new Dictionary<string, int> { ["v2"] = 20 }, Served(c, 20));
        Assert.Equal(0, (await c.RunAsync("promote", ("app", "web"))).Code);
        Assert.NotNull(c.Service("web-canary"));
    }
}
