using System.Text.Json.Nodes;
using Graylane.Core.Planning;
using Graylane.Core.Planning.GatewayApi;
using Graylane.Tests.Planning.Istio;
using static Graylane.Tests.Planning.GatewayApi.GatewayFixtures;

namespace Graylane.Tests.Planning.GatewayApi;

/// <summary>What Graylane writes fits the Gateway API v1.6.1 standard-channel HTTPRoute schema (and the canary Service the core one).</summary>
public class HttpRouteSchemaTests
{
    /// <summary>The upstream v1.6.1 standard-channel CRD the local cluster serves.</summary>
    public const string CrdFile = "src/Graylane.LocalCluster/Schemas/gateway-api/gateway.networking.k8s.io_httproutes.yaml";

    public static TheoryData<string> Objects() => ["weights", "everything", "mirror-fraction", "restored", "created"];

    private static JsonObject Build(string which) => which switch
    {
        "weights" => HttpRoutePlanner.Plan(Shop(), WebRule, Rule(Shop(), "web"), Web, IstioFixtures.Shift(35, app: "web")),
        "everything" => HttpRoutePlanner.Plan(Shop(), WebRule, Rule(Shop(), "web"), Web,
            IstioFixtures.Shift(35, "header:x-canary=true | query:name=xiaoming,query:v^=1.2 | cookie:user~qa-.*,cookie:env=beta,header:x-env^=stag", mirror: 10, setHeader: "x-gray=yes", app: "web")),
        "mirror-fraction" => HttpRoutePlanner.Plan(Shop(), WebRule, Rule(Shop(), "web"), Web, IstioFixtures.Shift(0, mirror: 0.5, app: "web")),
        "restored" => HttpRoutePlanner.Plan(HttpRoutePlanner.Plan(Shop(), WebRule, Rule(Shop(), "web"), Web, IstioFixtures.Shift(100, "header:a=1", mirror: 5, app: "web")),
            WebRule, Rule(Shop(), "web"), Web, IstioFixtures.Shift(0, app: "web")),
        "created" => HttpRoutePlanner.Create("graylane-web", "shop", "infra/public", "shop.example.com", "web", 80),
        _ => throw new ArgumentOutOfRangeException(nameof(which)),
    };

    [Theory]
    [MemberData(nameof(Objects))]
    public void Planned_routes_fit_the_v1_schema(string which)
    {
        var o = Build(which);
        Assert.Equal("gateway.networking.k8s.io/v1", (string?)o["apiVersion"]);
        Assert.Empty(CrdSchemaCheck.Validate(o, CrdFile));
    }

    [Fact]
    public void The_check_catches_what_the_api_server_would_refuse()
    {
        var route = Build("everything");
        var rules = Rules(route);
        rules[4]!["name"] = "Graylane_Match";
        rules[2]!["backendRefs"]![1]!["weight"] = -1;
        rules[4]!["matches"]![0]!["headers"]![0]!["type"] = "Prefix";
        for (var i = 0; i < 12; i++) rules.Add(rules[0]!.DeepClone());
        var problems = CrdSchemaCheck.Validate(route, CrdFile);
        Assert.Contains(problems, p => p.Contains("\"Graylane_Match\" does not match"));
        Assert.Contains(problems, p => p.Contains(".weight: -1 below minimum 0"));
        Assert.Contains(problems, p => p.Contains("\"Prefix\" is not one of"));
        Assert.Contains(problems, p => p.Contains("spec.rules: more than 16 items"));
    }

    [Fact]
    public void The_canary_service_selects_only_the_gray_pods_and_keeps_the_stable_ports()
    {
        var stable = Graylane.Tests.Support.J.O("""
            {'apiVersion':'v1','kind':'Service','metadata':{'name':'web','namespace':'shop','labels':{'app':'web'},'resourceVersion':'9'},
             'spec':{'type':'LoadBalancer','clusterIP':'10.0.0.7','selector':{'app':'web'},
                     'ports':[{'name':'http','port':80,'targetPort':8080,'protocol':'TCP','nodePort':30080}]}}
            """);
        var canary = CanaryServicePlanner.Plan(stable, "web-v2", new Dictionary<string, string> { ["version"] = "v2" }, "web", "v2");
        Assert.Equal("""{"selector":{"app":"web","version":"v2"},"ports":[{"name":"http","protocol":"TCP","port":80,"targetPort":8080}]}""", canary["spec"]!.ToJsonString());
        Assert.True(CanaryServicePlanner.IsOurs(canary, "web", "v2"));
        Assert.False(CanaryServicePlanner.IsOurs(canary, "web", "v3"));
    }
}
