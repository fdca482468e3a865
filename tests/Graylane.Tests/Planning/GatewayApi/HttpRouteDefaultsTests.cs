using System.Text.Json.Nodes;
using Graylane.Core.Planning.GatewayApi;
using Graylane.LocalCluster.Routing;
using Graylane.Tests.Planning.Istio;
using static Graylane.Tests.Planning.GatewayApi.GatewayFixtures;

namespace Graylane.Tests.Planning.GatewayApi;

/// <summary>
/// What Graylane plans already carries every default the HTTPRoute CRD declares, so the server stores exactly what
/// Graylane recorded as its pending write (a crash right after the write must not look like someone else's change).
/// The defaults are read from the CRD itself: a default added upstream and not applied fails here.
/// </summary>
public class HttpRouteDefaultsTests
{
    private static readonly Lazy<JsonObject> Schema = new(() =>
        YamlToJson.ParseAll(File.ReadAllText(Graylane.Tests.Workflows.RepositoryRoot.File(HttpRouteSchemaTests.CrdFile))).OfType<JsonObject>()
            .Single(d => (string?)d["kind"] == "CustomResourceDefinition")["spec"]!["versions"]!.AsArray().OfType<JsonObject>()
            .Single(v => (string?)v["name"] == "v1")["schema"]!["openAPIV3Schema"]!.AsObject());

    /// <summary>Structural defaulting as the API server does it: a missing property with a default gets a copy of it.</summary>
    private static void Default(JsonNode? value, JsonObject schema)
    {
        if (value is JsonObject o && schema["properties"] is JsonObject properties)
        {
            foreach (var (name, p) in properties)
                if (!o.ContainsKey(name) && p?["default"] is { } d) o[name] = d.DeepClone();
            foreach (var (name, p) in properties)
                if (o[name] is { } child && p is JsonObject ps) Default(child, ps);
        }
        if (value is JsonArray a && schema["items"] is JsonObject items)
            foreach (var item in a) Default(item, items);
    }

    public static TheoryData<string> Objects() => ["created", "weights", "everything", "mirror-fraction", "bare-user-route"];

    private static JsonObject Build(string which) => which switch
    {
        "created" => HttpRoutePlanner.Create("graylane-web", "shop", "infra/public", "shop.example.com", "web", 80),
        "weights" => HttpRoutePlanner.Plan(Shop(), WebRule, Rule(Shop(), "web"), Web, IstioFixtures.Shift(35, app: "web")),
        "everything" => HttpRoutePlanner.Plan(Shop(), WebRule, Rule(Shop(), "web"), Web,
            IstioFixtures.Shift(35, "header:x-canary=true | query:name=xiaoming | cookie:user~qa-.*", mirror: 10, setHeader: "x-gray=yes", app: "web")),
        "mirror-fraction" => HttpRoutePlanner.Plan(Shop(), WebRule, Rule(Shop(), "web"), Web, IstioFixtures.Shift(0, mirror: 0.5, app: "web")),
        "bare-user-route" => HttpRoutePlanner.Plan(Bare(), 0, Bare()["spec"]!["rules"]![0]!.AsObject(), Web, IstioFixtures.Shift(50, "header:a=1", mirror: 5, app: "web")),
        _ => throw new ArgumentOutOfRangeException(nameof(which)),
    };

    /// <summary>A route as a user writes it (no defaults), for the planner's own additions.</summary>
    private static JsonObject Bare() => Graylane.Tests.Support.J.O("""
        {'apiVersion':'gateway.networking.k8s.io/v1','kind':'HTTPRoute','metadata':{'name':'web','namespace':'shop'},
         'spec':{'parentRefs':[{'name':'public'}],'rules':[{'backendRefs':[{'name':'web','port':80}]}]}}
        """);

    [Theory]
    [MemberData(nameof(Objects))]
    public void Planned_routes_already_hold_every_schema_default(string which)
    {
        var planned = Build(which);
        var defaulted = (JsonObject)planned.DeepClone();
        Default(defaulted, Schema.Value);
        Assert.Equal(defaulted.ToJsonString(), planned.ToJsonString());
    }

    [Fact]
    public void The_check_sees_a_missing_default()
    {
        var planned = Build("everything");
        planned["spec"]!["rules"]![2]!["backendRefs"]![0]!.AsObject().Remove("kind");
        var defaulted = (JsonObject)planned.DeepClone();
        Default(defaulted, Schema.Value);
        Assert.NotEqual(defaulted.ToJsonString(), planned.ToJsonString());
    }
}
