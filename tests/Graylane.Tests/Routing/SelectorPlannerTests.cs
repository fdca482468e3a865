using Graylane.Core.Planning;

namespace Graylane.Tests.Routing;

/// <summary>Pinning and switching a Service selector touches only the versions' keys.</summary>
public class SelectorPlannerTests
{
    private static Dictionary<string, string> Map(params (string, string)[] kv) => kv.ToDictionary(p => p.Item1, p => p.Item2);

    [Fact]
    public void Pinning_adds_the_baseline_keys_and_keeps_the_users()
    {
        var user = Map(("app", "web"), ("tier", "front"));
        var pinned = SelectorPlanner.Point(user, user, Map(("version", "v1")), Map(("version", "v2")));
        Assert.Equal(Map(("app", "web"), ("tier", "front"), ("version", "v1")), pinned);
    }

    [Fact]
    public void Switching_replaces_the_version_key()
    {
        var user = Map(("app", "web"), ("version", "v1"));
        Assert.Equal(Map(("app", "web"), ("version", "v2")), SelectorPlanner.Point(user, user, Map(("version", "v2")), Map(("version", "v1"))));
    }

    [Fact]
    public void Switching_between_selectors_of_different_keys_drops_only_what_graylane_added()
    {
        var user = Map(("app", "web"));
        var pinned = SelectorPlanner.Point(user, user, Map(("pod-template-hash", "5d8f7c9b4")), Map(("version", "v2")));
        Assert.Equal(Map(("app", "web"), ("pod-template-hash", "5d8f7c9b4")), pinned);
        var switched = SelectorPlanner.Point(pinned, user, Map(("version", "v2")), Map(("pod-template-hash", "5d8f7c9b4")));
        Assert.Equal(Map(("app", "web"), ("version", "v2")), switched);
        var back = SelectorPlanner.Point(switched, user, Map(("pod-template-hash", "5d8f7c9b4")), Map(("version", "v2")));
        Assert.Equal(pinned, back);
    }

    [Fact]
    public void A_key_the_user_selected_on_is_replaced_never_dropped()
    {
        var user = Map(("app", "web"), ("track", "stable"));
        var result = SelectorPlanner.Point(user, user, Map(("version", "v2")), Map(("track", "stable")));
        Assert.Equal(Map(("app", "web"), ("track", "stable"), ("version", "v2")), result);
    }
}
