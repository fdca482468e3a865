namespace Graylane.LocalCluster.Tests.Cel;

/// <summary>OpenAPI <c>pattern</c> is matched with RE2 semantics, as the API server's Go regexp does.</summary>
public sealed class SchemaPatternTests
{
    [Fact]
    public async Task Trailing_newline_does_not_satisfy_a_pattern_anchored_with_dollar()
    {
        await using var c = await TestCluster.StartAsync();
        await HttpRouteRuleTests.EnsureCrdAsync(c);
        // HTTPRoute hostnames: pattern ^(\*\.)?[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$
        var route = HttpRouteRuleTests.Route("""[{"backendRefs":[{"name":"web","port":80}]}]""")
            .Replace("\"parentRefs\"", "\"hostnames\":[\"web.example.com\\n\"],\"parentRefs\"");
        var (code, body) = await c.SendJsonAsync(HttpMethod.Post, HttpRouteRuleTests.Path, route);
        Assert.Equal(422, code);
        Assert.Contains(Invalid.Causes(body), x => x.Field == "spec.hostnames[0]" && x.Message.Contains("should match"));

        (code, body) = await c.SendJsonAsync(HttpMethod.Post, HttpRouteRuleTests.Path, route.Replace("\\n", ""));
        Assert.True(code == 201, body.ToJsonString());
    }
}
