using System.Text.Json.Nodes;
using Graylane.Core.Planning.IngressNginx;
using Graylane.Core.Validation;

namespace Graylane.Tests.Planning.IngressNginx;

/// <summary>The canary Ingress (pure): which paths it copies, the annotations for each shift, and what ingress-nginx cannot express.</summary>
public class NginxCanaryPlanningTests
{
    private static JsonObject User(string? className = "nginx")
    {
        var user = (JsonObject)JsonNode.Parse("""
            {"apiVersion":"networking.k8s.io/v1","kind":"Ingress",
             "metadata":{"name":"web","namespace":"shop"},
             "spec":{
              "tls":[{"hosts":["shop.example.com"],"secretName":"tls"}],
              "rules":[
                {"host":"shop.example.com","http":{"paths":[
                  {"path":"/admin","pathType":"Prefix","backend":{"service":{"name":"admin","port":{"number":8080}}}},
                  {"path":"/","pathType":"Prefix","backend":{"service":{"name":"web","port":{"number":80}}}}]}},
                {"host":"m.example.com","http":{"paths":[
                  {"path":"/","pathType":"Prefix","backend":{"service":{"name":"web","port":{"number":80}}}}]}}]}}
            """)!;
        if (className is null) user["metadata"]!["annotations"] = new JsonObject { ["kubernetes.io/ingress.class"] = "nginx" };
        else
        {
            var spec = new JsonObject { ["ingressClassName"] = className };
            foreach (var (k, v) in user["spec"]!.AsObject().ToList()) spec[k] = v!.DeepClone();
            user["spec"] = spec;
        }
        return user;
    }

    private static Dictionary<string, string> Canary(JsonObject planned) =>
        planned["metadata"]!["annotations"]!.AsObject().Where(a => a.Key.StartsWith(NginxCanaryRules.Prefix, StringComparison.Ordinal))
            .ToDictionary(a => a.Key[NginxCanaryRules.Prefix.Length..], a => (string)a.Value!);

    [Fact]
    public void Copies_every_path_to_the_service_and_nothing_else()
    {
        var planned = CanaryIngressPlanner.Plan(User(), "web", "web-v2", null, 0, [], "web", "v2");
        Assert.Equal("web-canary", (string?)planned["metadata"]!["name"]);
        Assert.Equal("shop", (string?)planned["metadata"]!["namespace"]);
        Assert.Equal("""{"ingressClassName":"nginx","rules":[{"host":"shop.example.com","http":{"paths":[{"path":"/","pathType":"Prefix","backend":{"service":{"name":"web-v2","port":{"number":80}}}}]}},{"host":"m.example.com","http":{"paths":[{"path":"/","pathType":"Prefix","backend":{"service":{"name":"web-v2","port":{"number":80}}}}]}}]}""",
            planned["spec"]!.ToJsonString());
        Assert.Equal(new Dictionary<string, string> { ["canary"] = "true", ["canary-weight"] = "0" }, Canary(planned));
    }

    [Fact]
    public void Host_narrows_the_copy_and_the_class_annotation_is_copied_when_the_user_uses_it()
    {
        var planned = CanaryIngressPlanner.Plan(User(className: null), "web", "web-v2", "m.example.com", 10, [], "web", "v2");
        Assert.Single(planned["spec"]!["rules"]!.AsArray());
        Assert.Equal("m.example.com", (string?)planned["spec"]!["rules"]![0]!["host"]);
        Assert.Equal("nginx", (string?)planned["metadata"]!["annotations"]!["kubernetes.io/ingress.class"]);
        Assert.Null(planned["spec"]!["ingressClassName"]);
    }

    [Fact]
    public void No_path_to_the_service_is_refused_naming_the_input()
    {
        var e = Assert.Throws<InvalidInputException>(() => CanaryIngressPlanner.Plan(User(), "shop", "shop-v2", null, 0, [], "shop", "v2"));
        Assert.Equal("ingress", e.Input);
        Assert.Contains("Ingress web has no path to Service shop", e.Message);
        var h = Assert.Throws<InvalidInputException>(() => CanaryIngressPlanner.Plan(User(), "web", "web-v2", "x.example.com", 0, [], "web", "v2"));
        Assert.Equal("host", h.Input);
    }

    [Theory]
    [InlineData("header:x-canary=true", "canary-by-header=x-canary", "canary-by-header-value=true")]
    [InlineData("header:x-user^=qa.", "canary-by-header=x-user", "canary-by-header-pattern=^qa\\.")]
    [InlineData("header:x-user~qa|dev", "canary-by-header=x-user", "canary-by-header-pattern=^(?:qa|dev)$")]
    [InlineData("cookie:canary=always", "canary-by-cookie=canary", null)]
    public void Matches_become_canary_annotations(string match, string first, string? second)
    {
        var a = NginxCanaryRules.Annotations(25, [match]);
        Assert.Equal("true", a[NginxCanaryRules.Canary]);
        Assert.Equal("25", a[NginxCanaryRules.Weight]);
        foreach (var pair in new[] { first, second }.OfType<string>())
            Assert.Equal(pair[(pair.IndexOf('=') + 1)..], a[NginxCanaryRules.Prefix + pair[..pair.IndexOf('=')]]);
        Assert.Equal(second is null ? 3 : 4, a.Count);
    }

    [Theory]
    [InlineData("query:name=xiaoming", "cannot route by query parameter")]
    [InlineData("cookie:user=qa-1", "only when the cookie's value is \"always\"")]
    [InlineData("cookie:user^=qa", "only when the cookie's value is \"always\"")]
    [InlineData("header:a=1,header:b=2", "cannot require several conditions at once")]
    public void What_ingress_nginx_cannot_express_is_refused_naming_the_routers_that_can(string match, string says)
    {
        var e = Assert.Throws<InvalidInputException>(() => NginxCanaryRules.Split([match]));
        Assert.Equal("match", e.Input);
        Assert.Contains(says, e.Message);
        Assert.Contains("--router istio or gateway-api", e.Message);
    }

    [Fact]
    public void One_header_and_one_cookie_at_most()
    {
        Assert.Contains("one header", Assert.Throws<InvalidInputException>(() => NginxCanaryRules.Split(["header:a=1", "header:b=2"])).Message);
        Assert.Contains("one cookie", Assert.Throws<InvalidInputException>(() => NginxCanaryRules.Split(["cookie:a=always", "cookie:b=always"])).Message);
        var (header, cookie) = NginxCanaryRules.Split(["header:a=1", "cookie:b=always"]);
        Assert.Equal("a", header!.Name);
        Assert.Equal("b", cookie!.Name);
    }

    [Theory]
    [InlineData("30", 30)]
    [InlineData("0", 0)]
    [InlineData("x", 0)]
    [InlineData("-5", 0)]
    [InlineData("250", 100)]
    public void The_weight_reads_back_as_ingress_nginx_reads_it(string value, int weight) =>
        Assert.Equal(weight, NginxCanaryRules.ReadWeight(new Dictionary<string, string> { [NginxCanaryRules.Weight] = value }));
}
