using System.Text.Json.Nodes;
using Graylane.LocalCluster.Routing;
using Graylane.Tests.Support;

namespace Graylane.Tests.Reliability;

/// <summary>docs/rbac.yaml is enough: every request of whole releases is allowed by the core Role plus the router's Role.</summary>
public class RbacTests
{
    private static readonly string RbacFile = Path.Combine(FindRepo(), "docs", "rbac.yaml");

    [Fact]
    public async Task Service_router_release_needs_only_core_and_service_roles()
    {
        await using var c = await ClusterFixture.StartAsync();
        c.Server.Requests.Clear();
        foreach (var (step, inputs) in new (string, (string, string)[])[]
        {
            ("deploy-gray", [("service", "nginx-service"), ("image", "nginx:1.27"), ("version", "v2")]),
            ("shift-traffic", [("app", "nginx-service"), ("weight", "100")]),
            ("status", [("app", "nginx-service")]),
            ("promote", [("app", "nginx-service"), ("delete-old", "true")]),
            ("rollback", [("app", "nginx-service")]),
        })
            Assert.Equal(0, (await c.RunAsync(step, inputs)).Code);
        AssertAllowed(c, "graylane-core", "graylane-service-router");
    }

    [Fact]
    public async Task Istio_router_release_needs_only_core_and_istio_roles()
    {
        await using var c = await ClusterFixture.StartAsync(Bookinfo.Reviews, "reviews-v1");
        c.Server.Requests.Clear();
        foreach (var (step, inputs) in new (string, (string, string)[])[]
        {
            ("deploy-gray", [("service", "reviews"), ("router", "istio"), ("image", "istio/examples-bookinfo-reviews-v2:1.16.2"), ("version", "v2")]),
            ("shift-traffic", [("app", "reviews"), ("weight", "50"), ("match", "header:x-canary=true")]),
            ("promote", [("app", "reviews")]),
            ("rollback", [("app", "reviews")]),
        })
            Assert.Equal(0, (await c.RunAsync(step, inputs)).Code);
        AssertAllowed(c, "graylane-core", "graylane-istio-router");
    }

    [Fact]
    public async Task A_denied_namespace_read_does_not_stop_a_release()
    {
        await using var c = await ClusterFixture.StartAsync();
        c.Server.Faults.Fail(403, verb: "get", resource: "namespaces");
        var (code, host) = await c.RunAsync("deploy-gray", ("service", "nginx-service"), ("image", "nginx:1.27"), ("version", "v2"));
        Assert.True(code == 0, host.Log);
    }

    private static void AssertAllowed(ClusterFixture c, params string[] roles)
    {
        var rules = YamlToJson.ParseAll(File.ReadAllText(RbacFile)).OfType<JsonObject>()
            .Where(d => (string?)d["kind"] == "Role" && roles.Contains((string?)d["metadata"]!["name"]))
            .SelectMany(d => d["rules"]!.AsArray().OfType<JsonObject>())
            .ToList();
        Assert.Equal(roles.Length, YamlToJson.ParseAll(File.ReadAllText(RbacFile)).OfType<JsonObject>().Count(d => roles.Contains((string?)d["metadata"]?["name"]) && (string?)d["kind"] == "Role"));
        // Reading the namespace is optional (graylane-namespace-check): a 403 there is tolerated, as the test below shows.
        var requests = c.Server.Requests.Entries.Where(e => e.Resource.Length > 0 && !(e.Resource == "namespaces" && e.Verb == "get")).ToList();
        Assert.NotEmpty(requests);
        foreach (var e in requests)
        {
            var resource = e.Subresource.Length > 0 ? $"{e.Resource}/{e.Subresource}" : e.Resource;
            var allowed = rules.Any(r =>
                Strings(r["apiGroups"]).Contains(e.Group) && Strings(r["resources"]).Contains(resource) && Strings(r["verbs"]).Contains(e.Verb));
            Assert.True(allowed, $"{e.Verb} {resource} (group \"{e.Group}\") is not granted by {string.Join(" + ", roles)} in docs/rbac.yaml");
        }
    }

    private static IEnumerable<string> Strings(JsonNode? node) => (node as JsonArray ?? []).Select(n => (string?)n ?? "");

    private static string FindRepo()
    {
        var dir = AppContext.BaseDirectory;
        while (!File.Exists(Path.Combine(dir, "Tasks.sln"))) dir = Path.GetDirectoryName(dir) ?? throw new InvalidOperationException("Tasks.sln not found");
        return dir;
    }
}
