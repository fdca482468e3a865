using System.Text.Json.Nodes;

namespace Graylane.LocalCluster.Routing;

/// <summary>
/// An Alibaba ASM lane group (ASMSwimLaneGroup, istio.alibabacloud.com/v1, cluster-scoped) with its lanes
/// (ASMSwimLane labelled swimlane-group: &lt;group&gt;). Permissive mode: a lane holds only the services that changed;
/// a request tagged for a lane that lacks the service falls back to the service's baseline lane.
/// </summary>
internal sealed class SwimLaneGroup
{
    /// <summary>ASM's default tag header when the group names none.</summary>
    public const string DefaultRouteHeader = "x-asm-prefer-tag";

    public required string Name { get; init; }
    public required string RouteHeader { get; init; }
    public required IReadOnlySet<string> Services { get; init; }
    public required IReadOnlyDictionary<string, string> ServiceFallback { get; init; }
    public string? FallbackTarget { get; init; }
    public required IReadOnlyDictionary<string, SwimLane> Lanes { get; init; }

    /// <summary>The (oldest) group that declares the service, with its lanes; null when the service is in none.</summary>
    public static SwimLaneGroup? For(ClusterSnapshot snap, ServiceRef service)
    {
        var group = snap.LaneGroups.FirstOrDefault(g => Refs(Json.Arr(g, "spec", "services")).Contains(service.Key));
        if (group is null) return null;
        var name = Json.Name(group);
        var config = Json.Obj(group, "spec", "permissiveModeConfiguration");
        // serviceLevelFallbackTarget is the API field; the seed article writes serviceLevelFallback. Accept both.
        var fallback = Json.Map(config, "serviceLevelFallback");
        foreach (var (k, v) in Json.Map(config, "serviceLevelFallbackTarget")) fallback[k] = v;
        var lanes = snap.Lanes
            .Where(l => Json.Str(l, "metadata", "labels", "swimlane-group") == name)
            .GroupBy(Json.Name).Select(g => g.First())
            .ToDictionary(Json.Name, l => new SwimLane(Json.Name(l), Json.Map(l, "spec", "labelSelector"),
                Refs(Json.Arr(l, "spec", "services"))), StringComparer.Ordinal);
        return new SwimLaneGroup
        {
            Name = name,
            RouteHeader = Json.Str(config, "routeHeader") ?? DefaultRouteHeader,
            Services = Refs(Json.Arr(group, "spec", "services")),
            ServiceFallback = fallback,
            FallbackTarget = Json.Str(config, "fallbackTarget"),
            Lanes = lanes,
        };
    }

    /// <summary>
    /// The lane serving the service for a tag (the routeHeader value = lane name). Untagged requests, unknown lanes
    /// and lanes without the service go to the baseline: serviceLevelFallback(Target)[ns/name], else fallbackTarget.
    /// </summary>
    public (SwimLane Lane, bool Fallback) Choose(ServiceRef service, string? tag)
    {
        if (tag is not null && Lanes.TryGetValue(tag, out var tagged) && tagged.Services.Contains(service.Key))
            return (tagged, false);
        var baseline = ServiceFallback.GetValueOrDefault(service.Key) ?? FallbackTarget
            ?? throw new RoutingFailure(service.Name,
                $"lane group {Name}: no lane \"{tag}\" with {service.Key} and no fallback lane for it");
        if (!Lanes.TryGetValue(baseline, out var lane))
            throw new RoutingFailure(service.Name, $"lane group {Name}: fallback lane {baseline} of {service.Key} does not exist");
        return (lane, true);
    }

    /// <summary>ClusterServiceRef list → "ns/name" (namespace defaults to "default").</summary>
    private static HashSet<string> Refs(IEnumerable<JsonNode> refs) =>
        refs.Select(r => $"{Json.Str(r, "namespace") ?? "default"}/{Json.Str(r, "name")}").ToHashSet(StringComparer.Ordinal);
}
