using System.Text.Json.Nodes;
using Graylane.Core.Json;

namespace Graylane.Core.Planning.Istio;

/// <summary>
/// Istio's part of an in-place promote, planned without a server: once the stable Deployment runs the new version under
/// its own name (and is ready), the managed route goes back to the user's own routing — the route as it was before the
/// release — when that routing sends traffic to the stable's new pods; otherwise (a route to subset v1 while the stable's
/// pods now carry version: v2) to the subset that selects them, as a replace promote ends. Graylane's match routes go, and
/// the subsets the release added that no route names any more are dropped from the DestinationRule, so nothing is left
/// keyed on a pod-template-hash (a `kubectl rollout restart` would strand it).
/// </summary>
public static class InPlaceRoutePlanner
{
    /// <summary>Where the managed route ends up, and the VirtualService with it.</summary>
    public sealed record Plan(JsonObject VirtualService, string Destination);

    /// <param name="vs">The live VirtualService.</param>
    /// <param name="routeIndex">The managed route's index in it.</param>
    /// <param name="userRoute">The managed route as it was before the release (from the snapshot).</param>
    /// <param name="dr">The live DestinationRule of the Service (null when none).</param>
    /// <param name="target">The release's subsets.</param>
    /// <param name="stableLabels">The labels of the stable's pod template after the promote updated it.</param>
    public static Plan PlanRoute(JsonObject vs, int routeIndex, string app, JsonObject userRoute, JsonObject? dr, IstioTarget target,
        IReadOnlyDictionary<string, string> stableLabels)
    {
        var ns = Obj.Namespace(vs);
        if (SelectsStable(userRoute, dr, target.Host, ns, stableLabels))
            return new Plan(VirtualServicePlanner.RestoreRoute(vs, app, routeIndex, userRoute), "the route as you had it");
        foreach (var version in new[] { target.Gray, target.Baseline })
            if (version.Subset is { } subset && SubsetLabels(dr, subset) is { } labels && Within(labels, stableLabels))
            {
                var pointAt = version == target.Gray ? target : target.Swapped();
                return new Plan(VirtualServicePlanner.RemoveManaged(vs, app, routeIndex, pointAt), $"subset {subset}");
            }
        throw new ReleaseConflictException(
            $"VirtualService {Obj.Name(vs)}: the stable's pods now carry {Obj.Format(stableLabels)}, which neither the route as you had it " +
            $"({RouteDestinations.Describe(userRoute)}) nor subset {target.GraySubset} or {target.BaselineSubset} selects; " +
            "give the manifests' pod template the labels your routing selects, or add a subset for them; all traffic stays on the gray");
    }

    /// <summary>
    /// The DestinationRule without the subsets the release added (not in the rule as it was before) that no route of the
    /// VirtualService names (null when the VirtualService is gone): they selected the versions of the release only.
    /// </summary>
    public static JsonObject WithoutReleaseSubsets(JsonObject dr, JsonObject drBefore, JsonObject? vs)
    {
        var before = Obj.Objects(drBefore["spec"]?["subsets"]).Select(s => (string?)s["name"]).ToHashSet();
        var named = vs is null ? [] : NamedSubsets(vs);
        var result = Obj.Clone(dr);
        if (result["spec"]?["subsets"] is not JsonArray subsets) return result;
        for (var i = subsets.Count - 1; i >= 0; i--)
            if ((string?)subsets[i]?["name"] is { } name && !before.Contains(name) && !named.Contains(name))
                subsets.RemoveAt(i);
        if (subsets.Count == 0 && drBefore["spec"]?["subsets"] is null) ((JsonObject)result["spec"]!).Remove("subsets");
        return result;
    }

    /// <summary>Every subset a route (destination or mirror) of the VirtualService names.</summary>
    public static HashSet<string> NamedSubsets(JsonObject vs)
    {
        var names = new HashSet<string>(StringComparer.Ordinal);
        foreach (var kind in new[] { "http", "tcp", "tls" })
            foreach (var route in Obj.Objects(vs["spec"]?[kind]))
            {
                foreach (var entry in Obj.Objects(route["route"]))
                    if ((string?)entry["destination"]?["subset"] is { } s) names.Add(s);
                if ((string?)route["mirror"]?["subset"] is { } m) names.Add(m);
                foreach (var mirror in Obj.Objects(route["mirrors"]))
                    if ((string?)mirror["destination"]?["subset"] is { } ms) names.Add(ms);
            }
        return names;
    }

    /// <summary>Every destination of the route (with weight) is the Service, alone or in a subset whose labels the stable's pods carry.</summary>
    private static bool SelectsStable(JsonObject route, JsonObject? dr, string service, string? ns, IReadOnlyDictionary<string, string> stableLabels)
    {
        var entries = RouteDestinations.Entries(route);
        var live = entries.Where(e => RouteDestinations.Weight(e, entries.Count) > 0 || entries.Count == 1).ToList();
        return live.Count > 0 && live.All(e =>
            RouteDestinations.Host(e) is { } h && IstioHosts.Same(h, service, ns)
            && ((string?)e["destination"]?["subset"] is not { } subset || (SubsetLabels(dr, subset) is { } labels && Within(labels, stableLabels))));
    }

    private static Dictionary<string, string>? SubsetLabels(JsonObject? dr, string subset) =>
        Obj.Objects(dr?["spec"]?["subsets"]).FirstOrDefault(s => (string?)s["name"] == subset) is { } found ? Obj.StringMap(found["labels"]) : null;

    private static bool Within(IReadOnlyDictionary<string, string> selector, IReadOnlyDictionary<string, string> labels) =>
        selector.All(kv => labels.TryGetValue(kv.Key, out var v) && v == kv.Value);
}
