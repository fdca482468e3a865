using System.Text.Json.Nodes;
using Graylane.Core.Json;
using Graylane.LocalCluster.Routing;
using Graylane.LocalCluster.Storage;
using Graylane.Tests.Support;

namespace Graylane.Tests.Steps;

/// <summary>
/// Promote never leaves a route on a version with no pods. A real-world VirtualService carries a chaos-test route
/// (header match, fault injection) naming subset v1 next to the managed route; a second Service selects version: v1.
/// Promote finds them before writing anything and refuses, naming each and --move-routes; with the flag it moves them to
/// the new version with every other field kept, and rollback puts them back exactly.
/// </summary>
public class StrandedRoutesTests
{
    private const string ChaosVirtualService = """
        apiVersion: networking.istio.io/v1
        kind: VirtualService
        metadata: {name: reviews, namespace: default}
        spec:
          hosts: [reviews]
          http:
            - name: chaos-test
              match: [{headers: {x-chaos: {exact: "true"}}}]
              fault:
                delay: {fixedDelay: 2s, percentage: {value: 100}}
              route: [{destination: {host: reviews, subset: v1}}]
            - name: primary
              route: [{destination: {host: reviews, subset: v1}}]
        ---
        apiVersion: networking.istio.io/v1
        kind: DestinationRule
        metadata: {name: reviews, namespace: default}
        spec:
          host: reviews
          subsets:
            - name: v1
              labels: {version: v1}
        """;

    private const string NginxV1Service = """
        apiVersion: v1
        kind: Service
        metadata: {name: nginx-v1, namespace: default, labels: {team: web}}
        spec:
          selector: {app: my-nginx, version: v1}
          ports: [{port: 8080, targetPort: 80}]
        """;

    private static JsonObject Vs(ClusterFixture c) => c.Server.Get("networking.istio.io/v1", "VirtualService", "default", "reviews")!;

    private static Dictionary<string, int> Served(ClusterFixture c, string host, Dictionary<string, string>? headers = null) =>
        c.Server.Router.RouteMany(new RouteRequest("default", host, headers ?? [], new Dictionary<string, string>(), new Dictionary<string, string>()), 20)
            .GroupBy(p => p.Error is null ? p.Hops[0].Version ?? "?" : "error").ToDictionary(g => g.Key, g => g.Count());

    private static async Task<ClusterFixture> ChaosReleaseAsync()
    {
        var c = await ClusterFixture.StartAsync(Bookinfo.Reviews + "\n---\n" + ChaosVirtualService, "reviews-v1");
        var (code, host) = await c.RunAsync("deploy-gray", ("service", "reviews"), ("router", "istio"), ("route", "primary"),
            ("image", "istio/examples-bookinfo-reviews-v2:1.16.2"), ("version", "v2"));
        Assert.True(code == 0, host.Log);
        Assert.Equal(0, (await c.RunAsync("shift-traffic", ("app", "reviews"), ("weight", "100"))).Code);
        return c;
    }

    [Fact]
    public async Task A_chaos_test_route_on_the_old_subset_stops_promote_before_anything_is_written()
    {
        await using var c = await ChaosReleaseAsync();
        var vsBefore = ServerFields.Strip(Vs(c));
        var writes = await c.WritesAsync();
        var (code, host) = await c.RunAsync("promote", ("app", "reviews"));
        Assert.Equal(1, code);
        var error = Assert.Single(host.Errors, e => e.Contains("promote would leave"));
        Assert.Contains("VirtualService default/reviews http route \"chaos-test\" -> reviews subset v1", error);
        Assert.Contains("--move-routes", error);
        Assert.DoesNotContain("primary", error); // the managed route is Graylane's to move
        Assert.Equal(writes, await c.WritesAsync());
        Assert.True(JsonNode.DeepEquals(vsBefore, ServerFields.Strip(Vs(c))));
        Assert.Equal(2, Obj.Int(c.Deployment("reviews-v1")!["spec"]!["replicas"]));
        Assert.Equal(new Dictionary<string, int> { ["v1"] = 20 }, Served(c, "reviews", new() { ["x-chaos"] = "true" }));
    }

    [Fact]
    public async Task With_move_routes_the_chaos_test_route_follows_to_the_new_version_keeping_every_other_field()
    {
        await using var c = await ChaosReleaseAsync();
        var vsBefore = ServerFields.Strip(Vs(c));
        var chaosBefore = (JsonObject)vsBefore["spec"]!["http"]![0]!;
        var (code, host) = await c.RunAsync("promote", ("app", "reviews"), ("move-routes", "true"));
        Assert.True(code == 0, host.Log);
        Assert.Contains(host.Lines, l => l.Contains("Moved VirtualService default/reviews http route \"chaos-test\": reviews subset v1 -> reviews subset v2"));

        var chaos = (JsonObject)Vs(c)["spec"]!["http"]![0]!;
        var expected = Obj.Clone(chaosBefore);
        expected["route"]![0]!["destination"]!["subset"] = "v2";
        Assert.True(JsonNode.DeepEquals(expected, chaos), chaos.ToJsonString()); // only the subset changed
        Assert.Equal(0, Obj.Int(c.Deployment("reviews-v1")!["spec"]!["replicas"]));
        Assert.Equal(new Dictionary<string, int> { ["v2"] = 20 }, Served(c, "reviews", new() { ["x-chaos"] = "true" }));
        Assert.Equal(new Dictionary<string, int> { ["v2"] = 20 }, Served(c, "reviews"));

        var writes = await c.WritesAsync();
        Assert.Equal(0, (await c.RunAsync("promote", ("app", "reviews"), ("move-routes", "true"))).Code);
        Assert.Equal(writes, await c.WritesAsync()); // done is done

        (code, host) = await c.RunAsync("rollback", ("app", "reviews"));
        Assert.True(code == 0, host.Log);
        Assert.True(JsonNode.DeepEquals(vsBefore["spec"]!["http"]![0], ServerFields.Strip(Vs(c))["spec"]!["http"]![0]), Vs(c).ToJsonString());
        Assert.Equal(new Dictionary<string, int> { ["v1"] = 20 }, Served(c, "reviews", new() { ["x-chaos"] = "true" }));
    }

    [Fact]
    public async Task A_second_service_selecting_the_old_version_is_named_then_moved_and_restored()
    {
        await using var c = await ClusterFixture.StartAsync(SeedObjects.NginxYaml + "\n---\n" + NginxV1Service);
        var before = ServerFields.Strip(c.Service("nginx-v1")!);
        Assert.Equal(0, (await c.RunAsync("deploy-gray", ("service", "nginx-service"), ("image", "nginx:1.27"), ("version", "v2"))).Code);
        Assert.Equal(0, (await c.RunAsync("shift-traffic", ("app", "nginx-service"), ("weight", "100"))).Code);

        var writes = await c.WritesAsync();
        var (code, host) = await c.RunAsync("promote", ("app", "nginx-service"));
        Assert.Equal(1, code);
        Assert.Contains(host.Errors, e => e.Contains("Service default/nginx-v1 selector app=my-nginx,version=v1 -> nginx (v1) pods only") && e.Contains("--move-routes"));
        Assert.DoesNotContain(host.Errors, e => e.Contains("nginx-service")); // the release's own Service is the router's
        Assert.Equal(writes, await c.WritesAsync());

        (code, host) = await c.RunAsync("promote", ("app", "nginx-service"), ("move-routes", "true"));
        Assert.True(code == 0, host.Log);
        var moved = ServerFields.Strip(c.Service("nginx-v1")!);
        var expected = Obj.Clone(before);
        expected["spec"]!["selector"]!["version"] = "v2";
        Assert.True(JsonNode.DeepEquals(expected, moved), moved.ToJsonString()); // only the version key changed
        Assert.Equal(new Dictionary<string, int> { ["v2"] = 20 }, c.Served("nginx-v1"));

        (code, host) = await c.RunAsync("rollback", ("app", "nginx-service"));
        Assert.True(code == 0, host.Log);
        Assert.True(ServerFields.SameUserContent(before, c.Service("nginx-v1")!));
        Assert.Equal(new Dictionary<string, int> { ["v1"] = 20 }, c.Served("nginx-v1"));
    }

    [Fact]
    public async Task An_ingress_on_such_a_service_is_named_and_follows_it()
    {
        await using var c = await ClusterFixture.StartAsync(SeedObjects.NginxYaml + "\n---\n" + NginxV1Service + """

            ---
            apiVersion: networking.k8s.io/v1
            kind: Ingress
            metadata: {name: nginx-v1, namespace: default}
            spec:
              rules:
                - host: v1.example.com
                  http:
                    paths: [{path: /, pathType: Prefix, backend: {service: {name: nginx-v1, port: {number: 8080}}}}]
            """);
        Assert.Equal(0, (await c.RunAsync("deploy-gray", ("service", "nginx-service"), ("image", "nginx:1.27"), ("version", "v2"))).Code);
        var (code, host) = await c.RunAsync("promote", ("app", "nginx-service"));
        Assert.Equal(1, code);
        Assert.Contains(host.Errors, e => e.Contains("Ingress default/nginx-v1 rule v1.example.com/ -> Service nginx-v1"));
    }
}

/// <summary>A fact that needs the local cluster to store Ingresses; skipped, saying so, until it does.</summary>
