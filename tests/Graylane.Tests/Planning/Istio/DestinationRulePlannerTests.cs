using System.Text.Json.Nodes;
using Graylane.Core.Planning.Istio;
using Graylane.Core.Validation;
using static Graylane.Tests.Planning.Istio.IstioFixtures;

namespace Graylane.Tests.Planning.Istio;

public class DestinationRulePlannerTests
{
    [Fact]
    public void Adds_the_missing_subset_and_keeps_the_users_subsets_and_policy()
    {
        var dr = ReviewsRule();
        var plan = DestinationRulePlanner.EnsureSubsets(dr, "reviews.demo-project.svc.cluster.local", "version", [("v1", "v1"), ("v2", "v2")]);
        Assert.True(plan.Changed);
        Assert.Equal("""[{"name":"v1","labels":{"version":"v1"}},{"name":"v2","labels":{"version":"v2"}}]""", plan.DestinationRule["spec"]!["subsets"]!.ToJsonString());
        Assert.Equal(dr["spec"]!["trafficPolicy"]!.ToJsonString(), plan.DestinationRule["spec"]!["trafficPolicy"]!.ToJsonString());
        Assert.Equal(dr["metadata"]!.ToJsonString(), plan.DestinationRule["metadata"]!.ToJsonString());
        Assert.Equal("v2", plan.SubsetNames["v2"]);

        var again = DestinationRulePlanner.EnsureSubsets(plan.DestinationRule, "reviews", "version", [("v1", "v1"), ("v2", "v2")]);
        Assert.False(again.Changed);
        Assert.Equal(plan.DestinationRule.ToJsonString(), again.DestinationRule.ToJsonString());
    }

    [Fact]
    public void A_baseline_without_a_version_label_gets_a_subset_keyed_on_its_pod_template_hash()
    {
        var dr = ReviewsRule();
        IReadOnlyDictionary<string, string> hash = new Dictionary<string, string> { ["pod-template-hash"] = "5d8f7c9b4" };
        IReadOnlyDictionary<string, string> gray = new Dictionary<string, string> { ["version"] = "v2" };
        var plan = DestinationRulePlanner.EnsureSubsets(dr, "reviews", [("5d8f7c9b4", hash), ("v2", gray)]);
        Assert.True(plan.Changed);
        Assert.Contains("""{"name":"5d8f7c9b4","labels":{"pod-template-hash":"5d8f7c9b4"}}""", plan.DestinationRule["spec"]!["subsets"]!.ToJsonString());
        Assert.False(DestinationRulePlanner.EnsureSubsets(plan.DestinationRule, "reviews", [("5d8f7c9b4", hash), ("v2", gray)]).Changed);
        // A user's subset that selects more than those labels is not the baseline's: a subset of its own is added.
        ((JsonArray)dr["spec"]!["subsets"]!).Add(JsonNode.Parse("""{"name":"stable","labels":{"pod-template-hash":"5d8f7c9b4","tier":"x"}}"""));
        Assert.Equal("5d8f7c9b4", DestinationRulePlanner.EnsureSubsets(dr, "reviews", [("5d8f7c9b4", hash)]).SubsetNames["5d8f7c9b4"]);
    }

    [Fact]
    public void A_subset_already_selecting_the_version_is_reused_under_its_name()
    {
        var dr = ReviewsRule();
        ((JsonArray)dr["spec"]!["subsets"]!).Add(JsonNode.Parse("""{"name":"canary","labels":{"version":"v2"}}"""));
        var plan = DestinationRulePlanner.EnsureSubsets(dr, "reviews", "version", [("v2", "v2")]);
        Assert.False(plan.Changed);
        Assert.Equal("canary", plan.SubsetNames["v2"]);
    }

    [Fact]
    public void A_subset_of_the_same_name_selecting_something_else_is_an_error()
    {
        var dr = ReviewsRule();
        var e = Assert.Throws<InvalidInputException>(() => DestinationRulePlanner.EnsureSubsets(dr, "reviews", "version", [("v1", "v9")]));
        Assert.Equal("subset", e.Input);
        Assert.Contains("already has a subset v1 selecting version=v1, not version=v9", e.Message);
        Assert.Equal("destination-rule", Assert.Throws<InvalidInputException>(() =>
            DestinationRulePlanner.EnsureSubsets(dr, "ratings", "version", [("v2", "v2")])).Input);
        Assert.Equal("subset", Assert.Throws<InvalidInputException>(() =>
            DestinationRulePlanner.EnsureSubsets(dr, "reviews", "version", [("V_2", "v2")])).Input);
    }

    [Fact]
    public void Creates_a_rule_when_there_is_none()
    {
        var dr = DestinationRulePlanner.Create("reviews", "demo-project", "reviews", "version", [("v1", "v1"), ("v2", "v2")]);
        Assert.Equal(
            """{"apiVersion":"networking.istio.io/v1","kind":"DestinationRule","metadata":{"name":"reviews","namespace":"demo-project","labels":{"app.kubernetes.io/managed-by":"graylane"}}""" +
            ""","spec":{"host":"reviews","subsets":[{"name":"v1","labels":{"version":"v1"}},{"name":"v2","labels":{"version":"v2"}}]}}""",
            dr.ToJsonString());
    }

    [Theory]
    [InlineData("v1", "v2", null)]
    [InlineData("v1", "v1", "baseline and gray pods both carry version=v1")]
    [InlineData(null, "v2", "some baseline pods have no label version")]
    [InlineData("v1", null, "some gray pods have no label version")]
    public void Labels_must_tell_the_versions_apart(string? baseline, string? gray, string? problem)
    {
        static IReadOnlyDictionary<string, string> Pod(string? version) =>
            version is null ? new Dictionary<string, string> { ["app"] = "reviews" } : new Dictionary<string, string> { ["app"] = "reviews", ["version"] = version };
        void Check() => DestinationRulePlanner.CheckLabelsUnambiguous("version", [Pod(baseline), Pod(baseline)], [Pod(gray)]);
        if (problem is null) Check();
        else
        {
            var e = Assert.Throws<InvalidInputException>(Check);
            Assert.Equal("version-label", e.Input);
            Assert.Contains("subset labels would be ambiguous", e.Message);
            Assert.Contains(problem, e.Message);
        }
    }

    [Fact]
    public void Baseline_pods_with_several_versions_are_ambiguous()
    {
        var e = Assert.Throws<InvalidInputException>(() => DestinationRulePlanner.CheckLabelsUnambiguous("version",
            [new Dictionary<string, string> { ["version"] = "v1" }, new Dictionary<string, string> { ["version"] = "v3" }],
            [new Dictionary<string, string> { ["version"] = "v2" }]));
        Assert.Contains("several version values (v1, v3)", e.Message);
    }
}
