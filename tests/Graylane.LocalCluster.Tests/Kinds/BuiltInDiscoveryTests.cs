using System.Net.Http.Headers;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;

namespace Graylane.LocalCluster.Tests.Kinds;

/// <summary>Every stable built-in kind of the 1.36 swagger is in discovery with its scope, verbs, names and subresources.</summary>
public sealed class BuiltInDiscoveryTests
{
    /// <summary>(group/version, plural) of every stable resource the swagger has a path for, read here independently of the server.</summary>
    private static IEnumerable<(string GroupVersion, string Plural)> SwaggerResources()
    {
        var swagger = JsonNode.Parse(File.ReadAllText(RepositoryFiles.PathOf("src/Graylane.LocalCluster/Schemas/swagger.json")))!;
        var pattern = new Regex(@"^/(?:api/(?<v>v\d+)|apis/(?<g>[^/]+)/(?<v>v\d+))/(?:namespaces/\{namespace\}/)?(?<plural>[a-z]+)$");
        foreach (var (path, _) in swagger["paths"]!.AsObject())
        {
            var m = pattern.Match(path);
            if (!m.Success || m.Groups["plural"].Value is "watch") continue;
            var gv = m.Groups["g"].Success ? $"{m.Groups["g"].Value}/{m.Groups["v"].Value}" : m.Groups["v"].Value;
            yield return (gv, m.Groups["plural"].Value);
        }
    }

    [Fact]
    public async Task Every_stable_resource_of_the_swagger_is_listed_in_its_group_version()
    {
        await using var c = await TestCluster.StartAsync();
        var expected = SwaggerResources().Distinct().ToList();
        Assert.True(expected.Count > 60, $"only {expected.Count} resources read from the swagger");
        foreach (var group in expected.GroupBy(e => e.GroupVersion))
        {
            var path = group.Key.Contains('/') ? $"/apis/{group.Key}" : $"/api/{group.Key}";
            var (code, list) = await c.SendJsonAsync(HttpMethod.Get, path);
            Assert.True(code == 200, $"{path}: {code}");
            var served = list["resources"]!.AsArray().Select(r => (string)r!["name"]!).ToHashSet();
            foreach (var (_, plural) in group) Assert.True(served.Contains(plural), $"{plural} is missing from {path}");
        }
    }

    [Fact]
    public async Task Scope_verbs_short_names_categories_and_subresources_are_the_real_servers()
    {
        await using var c = await TestCluster.StartAsync();
        var resources = new Dictionary<string, JsonNode>();
        foreach (var gv in new[] { "/api/v1", "/apis/apps/v1", "/apis/batch/v1", "/apis/autoscaling/v2", "/apis/autoscaling/v1", "/apis/policy/v1",
                     "/apis/networking.k8s.io/v1", "/apis/rbac.authorization.k8s.io/v1", "/apis/authorization.k8s.io/v1", "/apis/discovery.k8s.io/v1" })
        {
            var (_, list) = await c.SendJsonAsync(HttpMethod.Get, gv);
            foreach (var r in list["resources"]!.AsArray()) resources[$"{gv}/{r!["name"]}"] = r;
        }
        string[] Strings(string key, string field) => resources[key][field]?.AsArray().Select(x => (string)x!).ToArray() ?? [];

        Assert.Equal(["hpa"], Strings("/apis/autoscaling/v2/horizontalpodautoscalers", "shortNames"));
        Assert.Equal(["pdb"], Strings("/apis/policy/v1/poddisruptionbudgets", "shortNames"));
        Assert.Equal(["netpol"], Strings("/apis/networking.k8s.io/v1/networkpolicies", "shortNames"));
        Assert.Equal(["ing"], Strings("/apis/networking.k8s.io/v1/ingresses", "shortNames"));
        Assert.Equal(["sts"], Strings("/apis/apps/v1/statefulsets", "shortNames"));
        Assert.Equal(["cj"], Strings("/apis/batch/v1/cronjobs", "shortNames"));
        foreach (var inAll in new[] { "/api/v1/pods", "/api/v1/services", "/apis/apps/v1/statefulsets", "/apis/batch/v1/jobs", "/apis/batch/v1/cronjobs", "/apis/autoscaling/v2/horizontalpodautoscalers" })
            Assert.Equal(["all"], Strings(inAll, "categories"));
        Assert.Empty(Strings("/api/v1/configmaps", "categories"));

        Assert.True((bool)resources["/apis/rbac.authorization.k8s.io/v1/roles"]["namespaced"]!);
        Assert.False((bool)resources["/apis/rbac.authorization.k8s.io/v1/clusterroles"]["namespaced"]!);
        Assert.False((bool)resources["/api/v1/nodes"]["namespaced"]!);
        Assert.Equal(["create"], Strings("/apis/authorization.k8s.io/v1/selfsubjectaccessreviews", "verbs"));
        Assert.Equal(["get", "list"], Strings("/api/v1/componentstatuses", "verbs"));
        Assert.Equal(["create", "delete", "deletecollection", "get", "list", "patch", "update", "watch"], Strings("/apis/discovery.k8s.io/v1/endpointslices", "verbs"));

        foreach (var sub in new[] { "/apis/apps/v1/statefulsets/scale", "/api/v1/replicationcontrollers/scale", "/apis/batch/v1/jobs/status",
                     "/apis/autoscaling/v2/horizontalpodautoscalers/status", "/apis/policy/v1/poddisruptionbudgets/status" })
            Assert.True(resources.ContainsKey(sub), sub);
        Assert.False(resources.ContainsKey("/api/v1/configmaps/status"));
        Assert.Equal("Scale", (string?)resources["/apis/apps/v1/statefulsets/scale"]["kind"]);
    }

    [Fact]
    public async Task Aggregated_discovery_answers_in_one_document_when_asked()
    {
        await using var c = await TestCluster.StartAsync();
        var request = new HttpRequestMessage(HttpMethod.Get, new Uri(c.Client.BaseUri, "/apis"));
        request.Headers.Accept.ParseAdd("application/json;g=apidiscovery.k8s.io;v=v2;as=APIGroupDiscoveryList");
        request.Headers.Accept.ParseAdd("application/json");
        await c.Client.Credentials.ProcessHttpRequestAsync(request, default);
        using var response = await c.Client.HttpClient.SendAsync(request);
        Assert.Equal("application/json;g=apidiscovery.k8s.io;v=v2;as=APIGroupDiscoveryList", response.Content.Headers.ContentType!.ToString().Replace(" ", ""));
        var doc = JsonNode.Parse(await response.Content.ReadAsStringAsync())!;
        Assert.Equal("APIGroupDiscoveryList", (string?)doc["kind"]);
        var groups = doc["items"]!.AsArray().Select(g => (string)g!["metadata"]!["name"]!).ToList();
        Assert.Equal("apiregistration.k8s.io", groups[0]); // built-in groups first, in upstream's order
        Assert.True(groups.IndexOf("gateway.networking.k8s.io") < groups.IndexOf("networking.istio.io"), "CRD groups are ordered by name");
        var apps = doc["items"]!.AsArray().Single(g => (string?)g!["metadata"]!["name"] == "apps")!;
        var deployments = apps["versions"]![0]!["resources"]!.AsArray().Single(r => (string?)r!["resource"] == "deployments")!;
        Assert.Equal("Namespaced", (string?)deployments["scope"]);
        Assert.Equal(["scale", "status"], deployments["subresources"]!.AsArray().Select(s => (string)s!["subresource"]!));
        Assert.Equal("Scale", (string?)deployments["subresources"]![0]!["responseKind"]!["kind"]);

        // A client that does not ask gets the plain APIGroupList.
        var (_, plain) = await c.SendJsonAsync(HttpMethod.Get, "/apis");
        Assert.Equal("APIGroupList", (string?)plain["kind"]);
    }

    [Fact]
    public async Task Verbs_a_resource_does_not_have_are_405()
    {
        await using var c = await TestCluster.StartAsync();
        var (code, status) = await c.SendJsonAsync(HttpMethod.Get, "/apis/authentication.k8s.io/v1/tokenreviews");
        Assert.Equal(405, code);
        Assert.Equal("MethodNotAllowed", (string?)status["reason"]);
        (code, _) = await c.SendJsonAsync(HttpMethod.Post, "/api/v1/componentstatuses", """{"metadata":{"name":"x"}}""");
        Assert.Equal(405, code);
    }
}
