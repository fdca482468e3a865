using System.Text.Json.Nodes;
using Graylane.LocalCluster.Yaml;

namespace Graylane.LocalCluster.Tests.Cel;

/// <summary>The Gateway API HTTPRoute CRD's CEL rules (v1.6.1 standard channel), through the API as a client sees them.</summary>
public sealed class HttpRouteRuleTests
{
    internal const string Path = "/apis/gateway.networking.k8s.io/v1/namespaces/default/httproutes";

    /// <summary>
    /// Serves the HTTPRoute CRD: the cluster's own when it serves Gateway API, else the upstream file (v1.6.1,
    /// byte for byte) from the place the local cluster embeds Gateway API's CRDs from.
    /// </summary>
    internal static async Task EnsureCrdAsync(TestCluster c)
    {
        const string crds = "/apis/apiextensions.k8s.io/v1/customresourcedefinitions";
        var (code, _) = await c.SendJsonAsync(HttpMethod.Get, crds + "/httproutes.gateway.networking.k8s.io");
        if (code == 200) return;
        var file = System.IO.Path.Combine(CelRuleInventoryTests.RepositoryRoot(), "src", "Graylane.LocalCluster", "Schemas", "gateway-api",
            "gateway.networking.k8s.io_httproutes.yaml");
        var crd = YamlJson.ParseDocuments(File.ReadAllText(file)).OfType<JsonObject>().Single(d => (string?)d["kind"] == "CustomResourceDefinition");
        var (created, body) = await c.SendJsonAsync(HttpMethod.Post, crds, crd.ToJsonString());
        Assert.True(created == 201, body.ToJsonString());
    }

    internal static string Route(string rules, string name = "web") => """
        {"apiVersion":"gateway.networking.k8s.io/v1","kind":"HTTPRoute","metadata":{"name":"NAME"},
         "spec":{"parentRefs":[{"name":"gateway"}],"rules":RULES}}
        """.Replace("NAME", name).Replace("RULES", rules);

    [Fact]
    public async Task Weighted_canary_route_is_accepted_and_stored_with_the_schema_defaults()
    {
        await using var c = await TestCluster.StartAsync();
        await EnsureCrdAsync(c);
        var (code, body) = await c.SendJsonAsync(HttpMethod.Post, Path, Route("""
            [{"backendRefs":[{"name":"web","port":80,"weight":90},{"name":"web-canary","port":80,"weight":10}]}]
            """));
        Assert.True(code == 201, body.ToJsonString());
        var rule = body["spec"]!["rules"]![0]!;
        Assert.Equal("Service", (string?)rule["backendRefs"]![0]!["kind"]);
        Assert.Equal("", (string?)rule["backendRefs"]![0]!["group"]);
        Assert.Equal("PathPrefix", (string?)rule["matches"]![0]!["path"]!["type"]);
        Assert.Equal("/", (string?)rule["matches"]![0]!["path"]!["value"]);
        Assert.Equal("gateway.networking.k8s.io", (string?)body["spec"]!["parentRefs"]![0]!["group"]);
    }

    [Fact]
    public async Task Service_backend_without_port_is_refused()
    {
        await using var c = await TestCluster.StartAsync();
        await EnsureCrdAsync(c);
        var (code, body) = await c.SendJsonAsync(HttpMethod.Post, Path, Route("""
            [{"backendRefs":[{"name":"web","port":80,"weight":90},{"name":"web-canary","weight":10}]}]
            """));
        Invalid.Has(code, body, "spec.rules[0].backendRefs[1]", "Invalid value: \"object\": Must have port for Service reference");
        Assert.Single(Invalid.Causes(body));
    }

    [Fact]
    public async Task Backend_of_another_kind_needs_no_port()
    {
        await using var c = await TestCluster.StartAsync();
        await EnsureCrdAsync(c);
        var (code, body) = await c.SendJsonAsync(HttpMethod.Post, Path, Route("""
            [{"backendRefs":[{"group":"storage.example.com","kind":"Bucket","name":"static"}]}]
            """));
        Assert.True(code == 201, body.ToJsonString());
    }

    [Fact]
    public async Task Mirror_with_both_percent_and_fraction_is_refused()
    {
        await using var c = await TestCluster.StartAsync();
        await EnsureCrdAsync(c);
        var (code, body) = await c.SendJsonAsync(HttpMethod.Post, Path, Route("""
            [{"filters":[{"type":"RequestMirror","requestMirror":{"backendRef":{"name":"web-canary","port":80},
               "percent":10,"fraction":{"numerator":1,"denominator":10}}}],
              "backendRefs":[{"name":"web","port":80}]}]
            """));
        Invalid.Has(code, body, "spec.rules[0].filters[0].requestMirror",
            "Invalid value: \"object\": Only one of percent or fraction may be specified in HTTPRequestMirrorFilter");
    }

    [Fact]
    public async Task Mirror_fraction_above_one_is_refused()
    {
        await using var c = await TestCluster.StartAsync();
        await EnsureCrdAsync(c);
        var (code, body) = await c.SendJsonAsync(HttpMethod.Post, Path, Route("""
            [{"filters":[{"type":"RequestMirror","requestMirror":{"backendRef":{"name":"web-canary","port":80},"fraction":{"numerator":3,"denominator":2}}}],
              "backendRefs":[{"name":"web","port":80}]}]
            """));
        Invalid.Has(code, body, "spec.rules[0].filters[0].requestMirror.fraction",
            "Invalid value: \"object\": numerator must be less than or equal to denominator");
    }

    [Fact]
    public async Task More_than_128_matches_across_rules_is_refused()
    {
        await using var c = await TestCluster.StartAsync();
        await EnsureCrdAsync(c);
        static string Rule(int matches)
        {
            var paths = Enumerable.Range(0, matches).Select(i => "{\"path\":{\"type\":\"PathPrefix\",\"value\":\"/p" + i + "\"}}");
            return "{\"matches\":[" + string.Join(",", paths) + "],\"backendRefs\":[{\"name\":\"web\",\"port\":80}]}";
        }
        var (code, body) = await c.SendJsonAsync(HttpMethod.Post, Path, Route($"[{Rule(64)},{Rule(64)},{Rule(1)}]"));
        Invalid.Has(code, body, "spec.rules",
            "Invalid value: \"array\": While 16 rules and 64 matches per rule are allowed, the total number of matches across all rules in a route must be less than 128");

        (code, body) = await c.SendJsonAsync(HttpMethod.Post, Path, Route($"[{Rule(64)},{Rule(63)},{Rule(1)}]"));
        Assert.True(code == 201, body.ToJsonString());
    }

    [Theory]
    [InlineData("web", "value must be an absolute path and start with '/' when type one of ['Exact', 'PathPrefix']")]
    [InlineData("/a//b", "must not contain '//' when type one of ['Exact', 'PathPrefix']")]
    [InlineData("/a b", "must only contain valid characters (matching ^(?:[-A-Za-z0-9/._~!$&'()*+,;=:@]|[%][0-9a-fA-F]{2})+$) for types ['Exact', 'PathPrefix']")]
    public async Task Path_match_rules_refuse_bad_paths(string value, string message)
    {
        await using var c = await TestCluster.StartAsync();
        await EnsureCrdAsync(c);
        var (code, body) = await c.SendJsonAsync(HttpMethod.Post, Path, Route($$$"""
            [{"matches":[{"path":{"type":"PathPrefix","value":"{{{value}}}"}}],"backendRefs":[{"name":"web","port":80}]}]
            """));
        Invalid.Has(code, body, "spec.rules[0].matches[0].path", $"Invalid value: \"object\": {message}");
    }

    [Fact]
    public async Task Backend_request_timeout_longer_than_the_request_timeout_is_refused()
    {
        await using var c = await TestCluster.StartAsync();
        await EnsureCrdAsync(c);
        var (code, body) = await c.SendJsonAsync(HttpMethod.Post, Path, Route("""
            [{"timeouts":{"request":"10s","backendRequest":"1m"},"backendRefs":[{"name":"web","port":80}]}]
            """));
        Invalid.Has(code, body, "spec.rules[0].timeouts", "Invalid value: \"object\": backendRequest timeout cannot be longer than request timeout");
    }

    [Fact]
    public async Task Two_parent_refs_to_one_gateway_need_distinct_section_names()
    {
        await using var c = await TestCluster.StartAsync();
        await EnsureCrdAsync(c);
        var (code, body) = await c.SendJsonAsync(HttpMethod.Post, Path, """
            {"apiVersion":"gateway.networking.k8s.io/v1","kind":"HTTPRoute","metadata":{"name":"web"},
             "spec":{"parentRefs":[{"name":"gateway","sectionName":"http"},{"name":"gateway"}],"rules":[{"backendRefs":[{"name":"web","port":80}]}]}}
            """);
        Invalid.Has(code, body, "spec.parentRefs",
            "Invalid value: \"array\": sectionName must be specified when parentRefs includes 2 or more references to the same parent");
    }
}
