using System.Text.Json.Nodes;

namespace Graylane.LocalCluster.Tests.Api;

/// <summary>Istio custom objects: schema validation per served version, pruning, version views.</summary>
public sealed class CustomObjectTests
{
    private const string VsPath = "/apis/networking.istio.io/{0}/namespaces/default/virtualservices";

    public static string ValidVirtualService(string name, string apiVersion = "networking.istio.io/v1", string weight = "80") => $$$"""
        {"apiVersion":"{{{apiVersion}}}","kind":"VirtualService","metadata":{"name":"{{{name}}}"},
         "spec":{"hosts":["web"],"http":[{"route":[
           {"destination":{"host":"web","subset":"v1"},"weight":{{{weight}}}},
           {"destination":{"host":"web","subset":"v2"},"weight":20}]}]}}
        """;

    [Theory]
    [InlineData("v1")]
    [InlineData("v1beta1")]
    public async Task Valid_VirtualService_is_accepted_in_each_served_version(string version)
    {
        await using var c = await TestCluster.StartAsync();
        var (code, created) = await c.SendJsonAsync(HttpMethod.Post, string.Format(VsPath, version),
            ValidVirtualService("web", $"networking.istio.io/{version}"));
        Assert.Equal(201, code);
        Assert.Equal($"networking.istio.io/{version}", (string?)created["apiVersion"]);
        Assert.Equal(80, (int?)created["spec"]!["http"]![0]!["route"]![0]!["weight"]);

        // Stored once, visible in every served version.
        var other = version == "v1" ? "v1beta1" : "v1";
        var (getCode, seen) = await c.SendJsonAsync(HttpMethod.Get, string.Format(VsPath, other) + "/web");
        Assert.Equal(200, getCode);
        Assert.Equal($"networking.istio.io/{other}", (string?)seen["apiVersion"]);
        Assert.NotNull(c.Server.Get("networking.istio.io/v1", "VirtualService", "default", "web"));
    }

    [Fact]
    public async Task Weight_that_is_not_an_integer_is_422()
    {
        await using var c = await TestCluster.StartAsync();
        var (code, status) = await c.SendJsonAsync(HttpMethod.Post, string.Format(VsPath, "v1"), ValidVirtualService("web", weight: "\"abc\""));
        Assert.Equal(422, code);
        Assert.Equal("Invalid", (string?)status["reason"]);
        var cause = status["details"]!["causes"]![0]!;
        Assert.Equal("spec.http[0].route[0].weight", (string?)cause["field"]);
        Assert.Contains("must be of type integer", (string?)cause["message"]);
        Assert.StartsWith("VirtualService.networking.istio.io \"web\" is invalid", (string?)status["message"]);
    }

    [Fact]
    public async Task Unknown_enum_value_is_422_unsupported_value()
    {
        await using var c = await TestCluster.StartAsync();
        const string dr = """
            {"apiVersion":"networking.istio.io/v1","kind":"DestinationRule","metadata":{"name":"web"},
             "spec":{"host":"web","trafficPolicy":{"loadBalancer":{"simple":"FASTEST"}}}}
            """;
        var (code, status) = await c.SendJsonAsync(HttpMethod.Post, "/apis/networking.istio.io/v1/namespaces/default/destinationrules", dr);
        Assert.Equal(422, code);
        var cause = status["details"]!["causes"]![0]!;
        Assert.Equal("FieldValueNotSupported", (string?)cause["reason"]);
        Assert.Equal("spec.trafficPolicy.loadBalancer.simple", (string?)cause["field"]);
    }

    [Fact]
    public async Task Unknown_fields_are_pruned_or_rejected_with_strict_field_validation()
    {
        await using var c = await TestCluster.StartAsync();
        var body = JsonNode.Parse(ValidVirtualService("web"))!.AsObject();
        body["spec"]!["bogus"] = true;
        var (strictCode, strict) = await c.SendJsonAsync(HttpMethod.Post, string.Format(VsPath, "v1") + "?fieldValidation=Strict", body.ToJsonString());
        Assert.Equal(400, strictCode);
        Assert.Contains("unknown field \"spec.bogus\"", (string?)strict["message"]);

        var (code, created) = await c.SendJsonAsync(HttpMethod.Post, string.Format(VsPath, "v1"), body.ToJsonString());
        Assert.Equal(201, code);
        Assert.False(created["spec"]!.AsObject().ContainsKey("bogus"));
    }

    [Fact]
    public async Task Merge_and_json_patches_on_a_custom_resource_are_validated()
    {
        await using var c = await TestCluster.StartAsync();
        await c.SendJsonAsync(HttpMethod.Post, string.Format(VsPath, "v1"), ValidVirtualService("web"));
        var (okCode, ok) = await c.SendJsonAsync(HttpMethod.Patch, string.Format(VsPath, "v1") + "/web",
            """[{"op":"replace","path":"/spec/http/0/route/0/weight","value":50}]""", "application/json-patch+json");
        Assert.Equal(200, okCode);
        Assert.Equal(50, (int?)ok["spec"]!["http"]![0]!["route"]![0]!["weight"]);
        var (badCode, _) = await c.SendJsonAsync(HttpMethod.Patch, string.Format(VsPath, "v1") + "/web",
            """{"spec":{"hosts":"not-a-list"}}""", "application/merge-patch+json");
        Assert.Equal(422, badCode);
    }

    [Fact]
    public async Task A_CRD_created_through_the_API_serves_its_kind()
    {
        await using var c = await TestCluster.StartAsync(new LocalClusterOptions { LoadIstioCrds = false });
        const string crd = """
            {"apiVersion":"apiextensions.k8s.io/v1","kind":"CustomResourceDefinition","metadata":{"name":"widgets.example.com"},
             "spec":{"group":"example.com","scope":"Namespaced","names":{"plural":"widgets","singular":"widget","kind":"Widget","shortNames":["wd"]},
              "versions":[{"name":"v1","served":true,"storage":true,"schema":{"openAPIV3Schema":{"type":"object","properties":{
                "spec":{"type":"object","required":["size"],"properties":{"size":{"type":"integer","minimum":1}}}}}}}]}}
            """;
        var (code, _) = await c.SendJsonAsync(HttpMethod.Post, "/apis/apiextensions.k8s.io/v1/customresourcedefinitions", crd);
        Assert.Equal(201, code);
        var (okCode, _) = await c.SendJsonAsync(HttpMethod.Post, "/apis/example.com/v1/namespaces/default/widgets",
            """{"apiVersion":"example.com/v1","kind":"Widget","metadata":{"name":"w"},"spec":{"size":2}}""");
        Assert.Equal(201, okCode);
        var (badCode, bad) = await c.SendJsonAsync(HttpMethod.Post, "/apis/example.com/v1/namespaces/default/widgets",
            """{"apiVersion":"example.com/v1","kind":"Widget","metadata":{"name":"z"},"spec":{"size":0}}""");
        Assert.Equal(422, badCode);
        Assert.Contains("should be greater than or equal to 1", (string?)bad["message"]);
        var (discCode, disc) = await c.SendJsonAsync(HttpMethod.Get, "/apis/example.com/v1");
        Assert.Equal(200, discCode);
        Assert.Equal("wd", (string?)disc["resources"]![0]!["shortNames"]![0]);

        var (delCode, _) = await c.SendJsonAsync(HttpMethod.Delete, "/apis/apiextensions.k8s.io/v1/customresourcedefinitions/widgets.example.com");
        Assert.Equal(200, delCode);
        var (goneCode, _) = await c.SendJsonAsync(HttpMethod.Get, "/apis/example.com/v1/namespaces/default/widgets");
        Assert.Equal(404, goneCode);
    }
}
