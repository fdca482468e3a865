using System.Text.Json.Nodes;
using Graylane.Core.Planning;
using Graylane.Core.Planning.Istio;
using Graylane.Tests.Support;

namespace Graylane.Tests.Planning.Istio;

/// <summary>Where the managed route goes once an in-place promote updated the stable, and which subsets leave the DestinationRule.</summary>
public class InPlaceRoutePlannerTests
{
    private static readonly IstioTarget Target = IstioTarget.Subsets("web", "5d8f7c9b6", "v2");

    private static JsonObject Vs(string route) => J.O(
        "{'apiVersion':'networking.istio.io/v1','kind':'VirtualService','metadata':{'name':'web','namespace':'shop'},'spec':{'hosts':['web'],'http':[" +
        "{'name':'graylane-web-match-1','match':[{'headers':{'x-canary':{'exact':'true'}}}],'route':[{'destination':{'host':'web','subset':'v2'}}]}," +
        route + ",{'name':'admin','route':[{'destination':{'host':'admin'}}]}]}}");

    private const string Split = "{'name':'primary','route':[{'destination':{'host':'web','subset':'5d8f7c9b6'},'weight':0},{'destination':{'host':'web','subset':'v2'},'weight':100}]}";

    private static JsonObject Dr(string subsets) => J.O($"{{'metadata':{{'name':'web','namespace':'shop'}},'spec':{{'host':'web','subsets':{subsets}}}}}");

    private static readonly JsonObject Added = Dr("[{'name':'5d8f7c9b6','labels':{'pod-template-hash':'5d8f7c9b6'}},{'name':'v2','labels':{'version':'v2'}}]");

    [Fact]
    public void The_users_route_to_the_service_comes_back_exactly_and_graylanes_match_routes_go()
    {
        var user = J.O("{'name':'primary','retries':{'attempts':3},'route':[{'destination':{'host':'web','port':{'number':80}}}]}");
        var plan = InPlaceRoutePlanner.PlanRoute(Vs(Split), 1, "web", user, Added, Target, new Dictionary<string, string> { ["app"] = "web" });
        Assert.Equal("the route as you had it", plan.Destination);
        var http = plan.VirtualService["spec"]!["http"]!.AsArray();
        Assert.Equal(2, http.Count);
        Assert.Equal(user.ToJsonString(), http[0]!.ToJsonString());
        Assert.Equal("admin", (string?)http[1]!["name"]);
    }

    [Fact]
    public void A_user_subset_the_stable_pods_still_carry_comes_back()
    {
        var user = J.O("{'name':'primary','route':[{'destination':{'host':'web','subset':'stable'}}]}");
        var dr = Dr("[{'name':'stable','labels':{'app':'web'}},{'name':'v2','labels':{'version':'v2'}}]");
        var plan = InPlaceRoutePlanner.PlanRoute(Vs(Split), 1, "web", user, dr, Target, new Dictionary<string, string> { ["app"] = "web", ["team"] = "shop" });
        Assert.Equal("the route as you had it", plan.Destination);
    }

    [Fact]
    public void A_route_to_subset_v1_goes_to_the_new_version_subset_when_the_stable_pods_carry_v2()
    {
        var user = J.O("{'name':'primary','timeout':'10s','route':[{'destination':{'host':'web','subset':'v1'}}]}");
        var target = IstioTarget.Subsets("web", "v1", "v2");
        var split = "{'name':'primary','timeout':'10s','route':[{'destination':{'host':'web','subset':'v1'},'weight':0},{'destination':{'host':'web','subset':'v2'},'weight':100}]}";
        var dr = Dr("[{'name':'v1','labels':{'version':'v1'}},{'name':'v2','labels':{'version':'v2'}}]");
        var plan = InPlaceRoutePlanner.PlanRoute(Vs(split), 1, "web", user, dr, target, new Dictionary<string, string> { ["app"] = "web", ["version"] = "v2" });
        Assert.Equal("subset v2", plan.Destination);
        Assert.Equal("{\"name\":\"primary\",\"timeout\":\"10s\",\"route\":[{\"destination\":{\"host\":\"web\",\"subset\":\"v2\"}}]}",
            plan.VirtualService["spec"]!["http"]![0]!.ToJsonString());
    }

    [Fact]
    public void Stable_pods_that_no_route_or_subset_selects_are_refused_naming_their_labels()
    {
        var user = J.O("{'name':'primary','route':[{'destination':{'host':'web','subset':'v1'}}]}");
        var dr = Dr("[{'name':'v1','labels':{'version':'v1'}},{'name':'v2','labels':{'version':'v2'}}]");
        var e = Assert.Throws<ReleaseConflictException>(() => InPlaceRoutePlanner.PlanRoute(Vs(Split), 1, "web", user, dr,
            IstioTarget.Subsets("web", "v1", "v2"), new Dictionary<string, string> { ["app"] = "web", ["version"] = "v3" }));
        Assert.Contains("app=web", e.Message);
        Assert.Contains("all traffic stays on the gray", e.Message);
    }

    [Fact]
    public void The_subsets_the_release_added_leave_unless_a_route_names_them()
    {
        var before = J.O("{'spec':{'host':'web','trafficPolicy':{'loadBalancer':{'simple':'ROUND_ROBIN'}}}}");
        var dr = J.O("{'spec':{'host':'web','trafficPolicy':{'loadBalancer':{'simple':'ROUND_ROBIN'}},'subsets':[{'name':'5d8f7c9b6','labels':{'pod-template-hash':'5d8f7c9b6'}},{'name':'v2','labels':{'version':'v2'}}]}}");
        Assert.Equal(before.ToJsonString(), InPlaceRoutePlanner.WithoutReleaseSubsets(dr, before, null).ToJsonString());

        var userBefore = Dr("[{'name':'v1','labels':{'version':'v1'}}]");
        var withV2 = Dr("[{'name':'v1','labels':{'version':'v1'}},{'name':'v2','labels':{'version':'v2'}},{'name':'graylane-rollback','labels':{'graylane.io/rollback':'v2'}}]");
        var routed = J.O("{'spec':{'http':[{'route':[{'destination':{'host':'web','subset':'v2'}}]}]}}");
        Assert.Equal("[\"v1\",\"v2\"]", new JsonArray(InPlaceRoutePlanner.WithoutReleaseSubsets(withV2, userBefore, routed)["spec"]!["subsets"]!.AsArray()
            .Select(s => (JsonNode?)JsonValue.Create((string?)s!["name"])).ToArray()).ToJsonString());
    }
}
