using System.Text.Json.Nodes;
using Graylane.Core.Planning.Istio;
using static Graylane.Tests.Planning.Istio.IstioFixtures;

namespace Graylane.Tests.Planning.Istio;

/// <summary>What Graylane writes fits Istio's networking.istio.io/v1 CRD schemas.</summary>
public class IstioSchemaTests
{
    public static TheoryData<string> Objects() => ["reviews", "catalog-full", "catalog-mirror-fraction", "promoted", "created", "created-gateway", "dr-created", "dr-ensured"];

    private static JsonObject Build(string which) => which switch
    {
        "reviews" => VirtualServicePlanner.Plan(Reviews(), 0, ReviewsTarget, Shift(10, "header:end-user=jason", app: "reviews")),
        "catalog-full" => VirtualServicePlanner.Plan(Catalog(), CatalogApiRoute, CatalogTarget,
            Shift(35, "header:x-canary=true | query:name=xiaoming,query:v^=1.2 | cookie:user~qa-.*,cookie:env=beta,header:x-env^=stag", mirror: 10, setHeader: "x-gray=yes")),
        "catalog-mirror-fraction" => VirtualServicePlanner.Plan(Catalog(), CatalogApiRoute, CatalogTarget, Shift(0, mirror: 0.5)),
        "promoted" => VirtualServicePlanner.RemoveManaged(
            VirtualServicePlanner.Plan(Catalog(), CatalogApiRoute, CatalogTarget, Shift(100, "header:x-canary=true", mirror: 5)),
            "catalog", CatalogApiRoute + 1, CatalogTarget),
        "created" => VirtualServicePlanner.CreateVirtualService("reviews", "demo-project", ReviewsTarget, "reviews", null, null),
        "created-gateway" => VirtualServicePlanner.CreateVirtualService("shop", "shop", IstioTarget.Hosts("catalog", "catalog-canary", 80), "catalog",
            ["istio-system/public", "mesh"], ["shop.example.com", "catalog"]),
        "dr-created" => DestinationRulePlanner.Create("reviews", "demo-project", "reviews", "version", [("v1", "v1"), ("v2", "v2")]),
        "dr-ensured" => DestinationRulePlanner.EnsureSubsets(ReviewsRule(), "reviews", "version", [("v2", "v2")]).DestinationRule,
        _ => throw new ArgumentOutOfRangeException(nameof(which)),
    };

    [Theory]
    [MemberData(nameof(Objects))]
    public void Planned_objects_fit_the_v1_schema(string which)
    {
        var o = Build(which);
        Assert.Equal("networking.istio.io/v1", (string?)o["apiVersion"]);
        Assert.Empty(CrdSchemaCheck.Validate(o));
    }

    [Fact]
    public void The_check_catches_what_the_api_server_would_refuse()
    {
        var vs = Build("catalog-full");
        var api = vs["spec"]!["http"]!.AsArray().OfType<JsonObject>().Single(r => (string?)r["name"] == "api");
        api["route"]![1]!["weight"] = "35";
        api["mirrorPercentage"]!["percent"] = 1;
        vs["spec"]!["http"]![2]!["match"]![0]!["headers"]!["x-canary"]!["prefix"] = "t";
        api["route"]![0]!.AsObject().Remove("destination");
        var problems = CrdSchemaCheck.Validate(vs);
        Assert.Contains(problems, p => p.Contains(".weight: expected integer"));
        Assert.Contains(problems, p => p.Contains(".mirrorPercentage.percent: unknown field"));
        Assert.Contains(problems, p => p.Contains("must satisfy exactly one of"));
        Assert.Contains(problems, p => p.Contains("missing required field destination"));
    }
}
