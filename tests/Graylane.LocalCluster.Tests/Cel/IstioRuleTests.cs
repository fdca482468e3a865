using System.Text.Json.Nodes;

namespace Graylane.LocalCluster.Tests.Cel;

/// <summary>The Istio CRDs' CEL rules on VirtualService and DestinationRule, through the API as a client sees them.</summary>
public sealed class IstioRuleTests
{
    private const string Vs = "/apis/networking.istio.io/v1/namespaces/default/virtualservices";
    private const string Dr = "/apis/networking.istio.io/v1/namespaces/default/destinationrules";

    private static string VirtualService(string timeout) => $$$"""
        {"apiVersion":"networking.istio.io/v1","kind":"VirtualService","metadata":{"name":"web"},
         "spec":{"hosts":["web"],"http":[{"timeout":"{{{timeout}}}","route":[{"destination":{"host":"web","subset":"v1"}}]}]}}
        """;

    [Fact]
    public async Task VirtualService_timeout_below_one_millisecond_is_refused_with_the_rule_message()
    {
        await using var c = await TestCluster.StartAsync();
        var (code, status) = await c.SendJsonAsync(HttpMethod.Post, Vs, VirtualService("500us"));
        Invalid.Has(code, status, "spec.http[0].timeout", "Invalid value: \"string\": must be a valid duration greater than 1ms");
        Assert.Equal("VirtualService.networking.istio.io \"web\" is invalid: spec.http[0].timeout: Invalid value: \"string\": must be a valid duration greater than 1ms",
            (string?)status["message"]);
        Assert.Null(c.Server.Get("networking.istio.io/v1", "VirtualService", "default", "web"));
    }

    [Fact]
    public async Task VirtualService_timeout_that_is_no_duration_fails_the_rule_with_the_conversion_error()
    {
        await using var c = await TestCluster.StartAsync();
        var (code, status) = await c.SendJsonAsync(HttpMethod.Post, Vs, VirtualService("1d"));
        Invalid.Has(code, status, "spec.http[0].timeout",
            "Invalid value: \"string\": type conversion error from 'string' to 'google.protobuf.Duration' evaluating rule: must be a valid duration greater than 1ms");
    }

    [Fact]
    public async Task VirtualService_with_valid_durations_is_accepted()
    {
        await using var c = await TestCluster.StartAsync();
        var (code, body) = await c.SendJsonAsync(HttpMethod.Post, Vs, VirtualService("1h2m3.5s"));
        Assert.True(code == 201, body.ToJsonString());
    }

    [Fact]
    public async Task DestinationRule_label_rules_name_the_map_entry_and_the_map()
    {
        await using var c = await TestCluster.StartAsync();
        const string wildcard = """
            {"apiVersion":"networking.istio.io/v1","kind":"DestinationRule","metadata":{"name":"web"},
             "spec":{"host":"web","workloadSelector":{"matchLabels":{"app":"we*b"}}}}
            """;
        var (code, status) = await c.SendJsonAsync(HttpMethod.Post, Dr, wildcard);
        Invalid.Has(code, status, "spec.workloadSelector.matchLabels[app]", "Invalid value: \"string\": wildcard not allowed in label value match");

        const string emptyKey = """
            {"apiVersion":"networking.istio.io/v1","kind":"DestinationRule","metadata":{"name":"web"},
             "spec":{"host":"web","workloadSelector":{"matchLabels":{"":"web"}}}}
            """;
        (code, status) = await c.SendJsonAsync(HttpMethod.Post, Dr, emptyKey);
        Invalid.Has(code, status, "spec.workloadSelector.matchLabels", "Invalid value: \"object\": key must not be empty");
    }

    [Fact]
    public async Task DestinationRule_subset_traffic_policy_durations_are_checked_in_every_subset()
    {
        await using var c = await TestCluster.StartAsync();
        const string dr = """
            {"apiVersion":"networking.istio.io/v1","kind":"DestinationRule","metadata":{"name":"web"},
             "spec":{"host":"web","subsets":[
               {"name":"v1","labels":{"version":"v1"}},
               {"name":"v2","labels":{"version":"v2"},"trafficPolicy":{"outlierDetection":{"interval":"0s","baseEjectionTime":"30s"}}}]}}
            """;
        var (code, status) = await c.SendJsonAsync(HttpMethod.Post, Dr, dr);
        Invalid.Has(code, status, "spec.subsets[1].trafficPolicy.outlierDetection.interval",
            "Invalid value: \"string\": must be a valid duration greater than 1ms");
        Assert.Single(Invalid.Causes(status));
    }

    [Fact]
    public async Task Schema_errors_that_block_rules_leave_them_unchecked_with_the_servers_note()
    {
        await using var c = await TestCluster.StartAsync();
        var (code, status) = await c.SendJsonAsync(HttpMethod.Post, Vs, CustomObjectsVs("\"heavy\"", "500us"));
        Assert.Equal(422, code);
        var causes = Invalid.Causes(status);
        Assert.Contains(causes, x => x.Field == "spec.http[0].route[0].weight" && x.Reason == "FieldValueTypeInvalid");
        Assert.Contains(causes, x => x.Field == "<nil>" && x.Message ==
            "Invalid value: null: some validation rules were not checked because the object was invalid; correct the existing errors to complete validation");
        Assert.DoesNotContain(causes, x => x.Field == "spec.http[0].timeout");
    }

    private static string CustomObjectsVs(string weight, string timeout) => """
        {"apiVersion":"networking.istio.io/v1","kind":"VirtualService","metadata":{"name":"web"},
         "spec":{"hosts":["web"],"http":[{"timeout":"TIMEOUT","route":[{"destination":{"host":"web"},"weight":WEIGHT}]}]}}
        """.Replace("TIMEOUT", timeout).Replace("WEIGHT", weight);

    [Fact]
    public async Task Patch_that_breaks_a_rule_is_refused_and_changes_nothing()
    {
        await using var c = await TestCluster.StartAsync();
        var (created, _) = await c.SendJsonAsync(HttpMethod.Post, Vs, VirtualService("5s"));
        Assert.Equal(201, created);
        var (code, status) = await c.SendJsonAsync(HttpMethod.Patch, Vs + "/web",
            """[{"op":"replace","path":"/spec/http/0/timeout","value":"0s"}]""", "application/json-patch+json");
        Invalid.Has(code, status, "spec.http[0].timeout", "Invalid value: \"string\": must be a valid duration greater than 1ms");
        var stored = c.Server.Get("networking.istio.io/v1", "VirtualService", "default", "web")!;
        Assert.Equal("5s", (string?)stored["spec"]!["http"]![0]!["timeout"]);
    }
}
