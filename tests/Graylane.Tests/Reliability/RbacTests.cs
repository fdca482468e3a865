using System.Text.Json.Nodes;
using Graylane.Cli;
using Graylane.Core.Model;
using Graylane.Engine.Steps;
using Graylane.LocalCluster;
using Graylane.LocalCluster.Routing;
using Graylane.Tests.Lanes;
using Graylane.Tests.Support;

namespace Graylane.Tests.Reliability;

/// <summary>
/// docs/rbac.yaml is enough: every request of whole releases — every router, every step, dev lanes — is allowed by the core
/// Role plus the router's Role, and each Role is needed (no router's release runs on the core Role alone).
/// </summary>
public class RbacTests
{
    private static readonly string RbacFile = Graylane.Tests.Workflows.RepositoryRoot.File("docs/rbac.yaml");

    /// <summary>Every router the steps know has a Role here and a test below.</summary>
    [Fact]
    public void Every_router_has_a_role()
    {
        var roles = YamlToJson.ParseAll(File.ReadAllText(RbacFile)).OfType<JsonObject>()
            .Where(d => (string?)d["kind"] is "Role" or "ClusterRole").Select(d => (string?)d["metadata"]!["name"]).ToHashSet();
        var routers = Enum.GetValues<RouterKind>().Select(k => k.Name()).ToList();
        Assert.Equal(["asm-lanes", "gateway-api", "istio", "lanes", "nginx", "replicas", "service"], routers.Order());
        foreach (var router in routers)
            Assert.Contains($"graylane-{router}-router", roles);
    }

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
        await AssertAllowedAsync(c, "graylane-core", "graylane-service-router");
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
        await AssertAllowedAsync(c, "graylane-core", "graylane-istio-router");
    }

    [Fact]
    public async Task Replicas_router_release_needs_only_core_and_replicas_roles()
    {
        await using var c = await ClusterFixture.StartAsync(Routing.Replicas.ReplicasSeed.Web + "\n---\n" + Routing.Replicas.ReplicasSeed.Autoscaler, "web");
        c.Server.Requests.Clear();
        foreach (var (step, inputs) in new (string, (string, string)[])[]
        {
            ("deploy-gray", Routing.Replicas.ReplicasSeed.Deploy), // pauses the autoscaler on the baseline
            ("shift-traffic", [("app", "web"), ("weight", "40")]),
            ("status", [("app", "web")]),
            ("promote", [("app", "web"), ("delete-old", "true")]),  // resumes it
            ("rollback", [("app", "web")]),
        })
        {
            var (code, host) = await c.RunAsync(step, inputs);
            Assert.True(code == 0, host.Log);
        }
        await AssertAllowedAsync(c, "graylane-core", "graylane-replicas-router");
    }

    [Theory]
    [InlineData("lanes")]
    [InlineData("asm-lanes")]
    public async Task Lane_router_releases_and_dev_lanes_need_only_core_and_their_router_role(string router)
    {
        await using var c = await MockApp.StartAsync();
        c.Server.Requests.Clear();
        var v2 = LaneRelease.Images("mocka,mockc", "v2");
        foreach (var (step, inputs) in new (string, (string, string)[])[]
        {
            ("deploy-gray", [("app", "mock"), ("router", router), ("version", "v2"), ("services", v2), ("app-services", "mocka,mockb,mockc"), ("gateway", MockApp.Gateway)]),
            ("shift-traffic", [("app", "mock"), ("weight", "20")]),
            ("status", [("app", "mock")]),
            ("promote", [("app", "mock")]),
            ("rollback", [("app", "mock")]),
        })
        {
            var (code, host) = await c.RunAsync(step, inputs);
            Assert.True(code == 0, host.Log);
        }
        foreach (var (sub, inputs) in new (string, (string, string)[])[]
        {
            ("create", [("router", router), ("name", "dev-alice"), ("services", $"mocka={MockApp.Image}"), ("match", "header:alice-dev=true")]),
            ("delete", [("name", "dev-alice")]),
        })
        {
            var values = inputs.ToDictionary(i => i.Item1, i => i.Item2);
            values["kubeconfig"] = c.Kubeconfig;
            values["app"] = "mock";
            values["gateway"] = MockApp.DevGateway;
            values["timeout"] = "20s";
            var host = new TestHost(values);
            var code = await StepRunner.RunAsync(LaneCommand.Find(sub)!, host, new Dictionary<string, string>());
            Assert.True(code == 0, host.Log);
        }
        await AssertAllowedAsync(c, "graylane-core", $"graylane-{router}-router", "graylane-lanes-gateway");
    }

    [Fact]
    public async Task A_dev_lane_without_router_on_a_cluster_that_hides_asm_objects_is_plain_istio()
    {
        await using var c = await MockApp.StartAsync();
        c.Server.Faults.Fail(403, verb: "get", resource: "asmswimlanegroups");
        var host = new TestHost(new Dictionary<string, string>
        {
            ["kubeconfig"] = c.Kubeconfig, ["app"] = "mock", ["gateway"] = MockApp.DevGateway, ["timeout"] = "20s", ["name"] = "dev-alice",
            ["services"] = $"mocka={MockApp.Image}", ["match"] = "header:alice-dev=true", ["app-services"] = "mocka,mockb,mockc",
        });
        var code = await StepRunner.RunAsync(LaneCommand.Find("create")!, host, new Dictionary<string, string>());
        Assert.True(code == 0, host.Log);
        Assert.NotNull(c.Server.Get("networking.istio.io/v1", "VirtualService", "default", "graylane-mocka"));
    }

    [Fact]
    public async Task A_release_of_an_app_without_version_labels_needs_only_core_and_service_roles()
    {
        await using var c = await ClusterFixture.StartAsync(Steps.UnlabelledAppTests.Web, "web");
        c.Server.Requests.Clear();
        foreach (var (step, inputs) in new (string, (string, string)[])[]
        {
            ("deploy-gray", [("service", "web"), ("image", "nginx:1.27"), ("version", "v2")]), // lists ReplicaSets for the pod-template-hash
            ("shift-traffic", [("app", "web"), ("weight", "100")]),
            ("promote", [("app", "web")]),
            ("rollback", [("app", "web")]),
        })
            Assert.Equal(0, (await c.RunAsync(step, inputs)).Code);
        Assert.Contains(await c.RequestsAsync(), e => e.Resource == "replicasets");
        await AssertAllowedAsync(c, "graylane-core", "graylane-service-router");
    }

    [Fact]
    public async Task Gateway_api_router_releases_need_only_core_and_gateway_api_roles()
    {
        // The user's HTTPRoute with a match, mirror and promote; then an app without one (Graylane creates it on the
        // Gateway, and removes it at promote), rolled back after promote.
        await using var c = await ClusterFixture.StartAsync(GatewayShop.Yaml, "web");
        c.Server.Requests.Clear();
        foreach (var (step, inputs) in new (string, (string, string)[])[]
        {
            ("deploy-gray", [("service", "web"), ("router", "gateway-api"), ("http-route", "web"), ("image", "registry.example.com/shop/web:2.0"), ("version", "v2")]),
            ("shift-traffic", [("app", "web"), ("weight", "50"), ("match", "header:x-canary=true"), ("mirror", "10")]),
            ("status", [("app", "web")]),
            ("promote", [("app", "web")]),
            ("rollback", [("app", "web")]),
        })
        {
            var (code, host) = await c.RunAsync(step, inputs);
            Assert.True(code == 0, host.Log);
        }
        await AssertAllowedAsync(c, "graylane-core", "graylane-gateway-api-router");

        await using var created = await ClusterFixture.StartAsync(GatewayShop.Infra + "\n---\n" + GatewayShop.App, "web");
        created.Server.Requests.Clear();
        foreach (var (step, inputs) in new (string, (string, string)[])[]
        {
            ("deploy-gray", [("service", "web"), ("router", "gateway-api"), ("gateway", GatewayShop.Gateway), ("image", "registry.example.com/shop/web:2.0"), ("version", "v2")]),
            ("shift-traffic", [("app", "web"), ("weight", "100")]),
            ("promote", [("app", "web"), ("delete-old", "true")]),
            ("rollback", [("app", "web")]),
        })
        {
            var (code, host) = await created.RunAsync(step, inputs);
            Assert.True(code == 0, host.Log);
        }
        await AssertAllowedAsync(created, "graylane-core", "graylane-gateway-api-router", "graylane-gateway-api-gateway");
    }

    [Fact]
    public async Task Promote_move_routes_needs_the_move_routes_role_for_what_it_moves()
    {
        // An Istio release whose promote moves a second Service selecting version: v1 (the Istio Role updates no Service).
        await using var c = await ClusterFixture.StartAsync(Bookinfo.Reviews + """

            ---
            apiVersion: v1
            kind: Service
            metadata: {name: reviews-v1, namespace: default}
            spec:
              selector: {app: reviews, version: v1}
              ports: [{port: 9080}]
            """, "reviews-v1");
        c.Server.Requests.Clear();
        foreach (var (step, inputs) in new (string, (string, string)[])[]
        {
            ("deploy-gray", [("service", "reviews"), ("router", "istio"), ("image", "istio/examples-bookinfo-reviews-v2:1.16.2"), ("version", "v2")]),
            ("promote", [("app", "reviews"), ("move-routes", "true")]),
        })
        {
            var (code, host) = await c.RunAsync(step, inputs);
            Assert.True(code == 0, host.Log);
        }
        Assert.Equal("v2", c.Selector("reviews-v1"));
        await AssertAllowedAsync(c, "graylane-core", "graylane-istio-router", "graylane-move-routes");
    }

    [Fact]
    public async Task Nginx_router_release_needs_only_core_and_nginx_roles()
    {
        await using var c = await ClusterFixture.StartAsync(NginxShop.Yaml, "web");
        c.Server.Requests.Clear();
        foreach (var (step, inputs) in new (string, (string, string)[])[]
        {
            ("deploy-gray", [("service", "web"), ("router", "nginx"), ("image", "registry.example.com/shop/web:2.0"), ("version", "v2")]),
            ("shift-traffic", [("app", "web"), ("weight", "50"), ("match", "header:x-canary=true")]),
            ("status", [("app", "web")]),
            ("promote", [("app", "web")]),
            ("rollback", [("app", "web")]),
        })
        {
            var (code, host) = await c.RunAsync(step, inputs);
            Assert.True(code == 0, host.Log);
        }
        await AssertAllowedAsync(c, "graylane-core", "graylane-nginx-router");
    }

    [Fact]
    public async Task Releases_from_manifests_need_only_core_and_manifests_roles()
    {
        // A change (ConfigMap, Secret, HPA and PDB) released, promoted in place and rolled back after the promote. The
        // manifests' Role updates Services (promote applies the manifests' Service), which is all the service router writes.
        await using var c = await ClusterFixture.StartAsync(ManifestReleaseFiles.V1, "web");
        c.Server.Requests.Clear();
        foreach (var (step, inputs) in new (string, (string, string)[])[]
        {
            ("deploy-gray", [("manifests", ManifestReleaseFiles.V2File), ("version", "v2")]),
            ("shift-traffic", [("app", "web"), ("weight", "100")]),
            ("status", [("app", "web")]),
            ("promote", [("app", "web")]),
            ("rollback", [("app", "web")]),
        })
        {
            var (code, host) = await c.RunAsync(step, inputs);
            Assert.True(code == 0, host.Log);
        }
        await AssertAllowedAsync(c, "graylane-core", "graylane-manifests");

        // A first release (nothing runs yet: the manifests are applied as the baseline), and its rollback (they are removed).
        await using var first = await ClusterFixture.StartAsync(null, "");
        first.Server.Requests.Clear();
        foreach (var (step, inputs) in new (string, (string, string)[])[]
        {
            ("deploy-gray", [("manifests", ManifestReleaseFiles.V1File), ("version", "v1")]),
            ("rollback", [("app", "web")]),
        })
        {
            var (code, host) = await first.RunAsync(step, inputs);
            Assert.True(code == 0, host.Log);
        }
        await AssertAllowedAsync(first, "graylane-core", "graylane-manifests");
    }

    [Fact]
    public async Task An_istio_release_from_manifests_in_place_needs_only_core_istio_and_manifests_roles()
    {
        await using var c = await ClusterFixture.StartAsync(Manifests.WebApp.WithoutAutoscaler + "---\n" + Manifests.IstioInPlaceTests.UnlabelledMesh, "web");
        c.Server.Requests.Clear();
        foreach (var (step, inputs) in new (string, (string, string)[])[]
        {
            ("deploy-gray", [("manifests", ManifestReleaseFiles.V2WithoutAutoscalerFile), ("version", "v2"), ("router", "istio")]),
            ("shift-traffic", [("app", "web"), ("weight", "100")]),
            ("promote", [("app", "web")]),
            ("rollback", [("app", "web")]),
        })
        {
            var (code, host) = await c.RunAsync(step, inputs);
            Assert.True(code == 0, host.Log);
        }
        await AssertAllowedAsync(c, "graylane-core", "graylane-istio-router", "graylane-manifests");
    }

    [Fact]
    public async Task A_denied_namespace_read_does_not_stop_a_release()
    {
        await using var c = await ClusterFixture.StartAsync();
        c.Server.Faults.Fail(403, verb: "get", resource: "namespaces");
        var (code, host) = await c.RunAsync("deploy-gray", ("service", "nginx-service"), ("image", "nginx:1.27"), ("version", "v2"));
        Assert.True(code == 0, host.Log);
    }

    /// <summary>A rule where it applies: a Role in its namespace (the app's when it names none), a ClusterRole everywhere.</summary>
    private sealed record Grant(string? Namespace, bool Cluster, JsonObject Rule);

    private static List<Grant> Grants(params string[] roles)
    {
        var docs = YamlToJson.ParseAll(File.ReadAllText(RbacFile)).OfType<JsonObject>()
            .Where(d => (string?)d["kind"] is "Role" or "ClusterRole" && roles.Contains((string?)d["metadata"]!["name"])).ToList();
        Assert.Equal(roles.Order(), docs.Select(d => (string)d["metadata"]!["name"]!).Order());
        return docs.SelectMany(d => d["rules"]!.AsArray().OfType<JsonObject>().Select(r =>
            new Grant((string?)d["metadata"]!["namespace"] ?? AppNamespace, (string?)d["kind"] == "ClusterRole", r))).ToList();
    }

    private const string AppNamespace = "default";

    private static bool Allows(List<Grant> grants, ApiRequestEntry e)
    {
        var resource = e.Subresource.Length > 0 ? $"{e.Resource}/{e.Subresource}" : e.Resource;
        return grants.Any(g => (g.Cluster || g.Namespace == e.Namespace)
            && Strings(g.Rule["apiGroups"]).Contains(e.Group) && Strings(g.Rule["resources"]).Contains(resource) && Strings(g.Rule["verbs"]).Contains(e.Verb));
    }

    private static string Describe(ApiRequestEntry e) =>
        $"{e.Verb} {(e.Subresource.Length > 0 ? $"{e.Resource}/{e.Subresource}" : e.Resource)} (group \"{e.Group}\", {(e.Namespace is null ? "cluster-scoped" : $"namespace {e.Namespace}")})";

    private static async Task AssertAllowedAsync(ClusterFixture c, params string[] roles)
    {
        var grants = Grants(roles);
        // Reading the namespace is optional (graylane-namespace-check): a 403 there is tolerated, as the test below shows.
        var requests = (await c.RequestsAsync()).Where(e => e.Resource.Length > 0 && !(e.Resource == "namespaces" && e.Verb == "get")).ToList();
        Assert.NotEmpty(requests);
        // Each router Role is needed: some request is granted by it and by nothing else listed.
        foreach (var role in roles)
        {
            var others = Grants(roles.Where(r => r != role).ToArray());
            Assert.True(requests.Any(e => !Allows(others, e)), $"{role} grants nothing these releases need");
        }
        var denied = requests.Where(e => !Allows(grants, e)).Select(Describe).Distinct().ToList();
        Assert.True(denied.Count == 0, $"not granted by {string.Join(" + ", roles)} in docs/rbac.yaml: {string.Join("; ", denied)}");
    }

    private static IEnumerable<string> Strings(JsonNode? node) => (node as JsonArray ?? []).Select(n => (string?)n ?? "");
}
