using Graylane.Tests.Support;

namespace Graylane.Tests.Steps;

/// <summary>Bad input: a clear message naming the input, exit code 2, and not a single write to the cluster.</summary>
public class BadInputTests
{
    public static TheoryData<string, string[], string> Cases => new()
    {
        { "deploy-gray", ["service", "nope", "image", "nginx:1"], "Service nope not found" },
        { "deploy-gray", ["workload", "nope", "image", "nginx:1"], "Deployment nope not found" },
        { "deploy-gray", ["service", "nginx-service", "image", "nginx:1", "namespace", "missing"], "namespace missing not found" },
        { "deploy-gray", ["service", "nginx-service", "image", "nginx:1", "namespace", "Bad_NS"], "--namespace \"Bad_NS\"" },
        { "deploy-gray", ["service", "nginx-service", "image", "nginx:1", "version", "v2/../x"], "--version \"v2/../x\" is not a valid label value" },
        { "deploy-gray", ["service", "nginx-service", "image", "Nginx:$(rm)"], "--image \"Nginx:$(rm)\" is not a valid image reference" },
        { "deploy-gray", ["service", "nginx-service"], "needs the new image" },
        { "deploy-gray", ["image", "nginx:1"], "needs --service" },
        { "deploy-gray", ["service", "nginx-service", "image", "nginx:1", "version", "v1"], "is the baseline's own version" },
        { "deploy-gray", ["service", "nginx-service", "image", "nginx:1", "replicas", "many"], "--replicas \"many\"" },
        { "deploy-gray", ["service", "nginx-service", "image", "nginx:1", "timeout", "soon"], "--timeout \"soon\" is not a duration" },
        { "deploy-gray", ["service", "nginx-service", "image", "nginx:1", "router", "magic"], "valid routers: service" },
        { "deploy-gray", ["service", "unselective", "image", "nginx:1"], "selects no running Deployment" },
        { "shift-traffic", ["app", "nginx-service", "weight", "150"], "whole number from 0 to 100" },
        { "shift-traffic", ["app", "nginx-service", "weight", "abc"], "whole number from 0 to 100" },
        { "shift-traffic", ["app", "nginx-service"], "shift-traffic needs --weight" },
        { "shift-traffic", ["app", "nginx-service", "weight", "100"], "no release of nginx-service" },
        { "promote", ["app", "nginx-service"], "no release of nginx-service" },
        { "rollback", ["app", "nginx-service"], "no release of nginx-service" },
        { "promote", [], "needs --app" },
        { "status", ["app", "a\nb"], "--app \"a\\u000ab\"" },
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public async Task Refused_with_a_clear_message_and_no_writes(string step, string[] flat, string expected)
    {
        await using var c = await ClusterFixture.StartAsync();
        await c.Server.ApplyYamlAsync("""
            apiVersion: v1
            kind: Service
            metadata: {name: unselective, namespace: default}
            spec:
              selector: {app: nothing-here}
              ports: [{port: 80}]
            """);
        var writes = await c.WritesAsync();
        var inputs = Enumerable.Range(0, flat.Length / 2).Select(i => (flat[2 * i], flat[2 * i + 1])).ToArray();

        var (code, host) = await c.RunAsync(step, inputs);

        Assert.Equal(2, code);
        Assert.Contains(host.Errors, e => e.Contains(expected, StringComparison.Ordinal));
        Assert.Equal(writes, await c.WritesAsync());
    }

    [Fact]
    public async Task Partial_weight_with_the_service_router_names_the_routers_that_can()
    {
        await using var c = await ClusterFixture.StartAsync();
        Assert.Equal(0, (await c.RunAsync("deploy-gray", ("service", "nginx-service"), ("image", "nginx:1.27"), ("version", "v2"))).Code);
        var writes = await c.WritesAsync();

        var (code, host) = await c.RunAsync("shift-traffic", ("app", "nginx-service"), ("weight", "30"));

        Assert.Equal(2, code);
        Assert.Contains(host.Errors, e => e.Contains("use 0 or 100") && e.Contains("--router istio"));
        Assert.Equal(writes, await c.WritesAsync());
    }

    [Fact]
    public async Task A_second_release_at_once_is_refused_naming_the_one_in_progress()
    {
        await using var c = await ClusterFixture.StartAsync();
        Assert.Equal(0, (await c.RunAsync("deploy-gray", ("service", "nginx-service"), ("image", "nginx:1.27"), ("version", "v2"))).Code);
        var writes = await c.WritesAsync();

        var (code, host) = await c.RunAsync("deploy-gray", ("service", "nginx-service"), ("image", "nginx:1.28"), ("version", "v3"));

        Assert.Equal(2, code);
        Assert.Contains(host.Errors, e => e.Contains("v1 -> v2") && e.Contains("in progress") && e.Contains("tester"));
        Assert.Equal(writes, await c.WritesAsync());
    }

    [Fact]
    public async Task Shift_after_rollback_is_refused()
    {
        await using var c = await ClusterFixture.StartAsync();
        Assert.Equal(0, (await c.RunAsync("deploy-gray", ("service", "nginx-service"), ("image", "nginx:1.27"), ("version", "v2"))).Code);
        Assert.Equal(0, (await c.RunAsync("rollback", ("app", "nginx-service"))).Code);
        var (code, host) = await c.RunAsync("shift-traffic", ("app", "nginx-service"), ("weight", "100"));
        Assert.Equal(2, code);
        Assert.Contains(host.Errors, e => e.Contains("has ended (RolledBack)"));
    }

    [Theory]
    [InlineData("this: is: not: yaml: [", "cannot use kubeconfig")]
    [InlineData(null, "does not exist")]
    public async Task Unreadable_or_malformed_kubeconfig_is_refused(string? content, string expected)
    {
        var path = Path.Combine(Path.GetTempPath(), $"bad-kubeconfig-{Guid.NewGuid():N}");
        if (content is not null) await File.WriteAllTextAsync(path, content);
        try
        {
            var host = new TestHost(new Dictionary<string, string> { ["kubeconfig"] = path, ["app"] = "x" });
            var code = await Graylane.Cli.StepRunner.RunAsync(Graylane.Engine.Steps.StepCatalog.Find("status")!, host, new Dictionary<string, string>());
            Assert.Equal(2, code);
            Assert.Contains(host.Errors, e => e.Contains(expected));
        }
        finally { File.Delete(path); }
    }
}
