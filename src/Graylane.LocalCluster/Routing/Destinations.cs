using System.Text.Json.Nodes;

namespace Graylane.LocalCluster.Routing;

/// <summary>
/// Turns a destination (Service, optional subset, optional port) into one pod: the Service selector narrowed by a
/// DestinationRule subset, an ASM lane, or nothing; then one ready pod, taken in turn (see <see cref="EndpointRotation"/>), so
/// a Service in front of several Deployments splits requests in proportion to their ready pods.
/// </summary>
internal sealed class Destinations(ClusterSnapshot snap, Random random, string versionLabel)
{
    public (Hop Hop, JsonObject Pod) Pick(ServiceRef service, string? subset, string hostAsWritten, long? port, RequestState request)
    {
        var svc = snap.Service(service) ?? throw new RoutingFailure(service.Name, $"no Service {service.Key}");
        var selector = Json.Map(svc, "spec", "selector");
        if (selector.Count == 0)
            throw new RoutingFailure(service.Name, $"Service {service.Key} has no selector");
        if (port is { } p && Json.Arr(svc, "spec", "ports").Any() && !Json.Arr(svc, "spec", "ports").Any(x => Json.Num(x, "port") == p))
            throw new RoutingFailure(service.Name, $"Service {service.Key} has no port {p}");

        var required = new Dictionary<string, string>(selector, StringComparer.Ordinal);
        string? note = null, where = null;
        if (subset is not null)
        {
            foreach (var (k, v) in SubsetLabels(service, subset, hostAsWritten)) required[k] = v;
            where = $" in subset {subset}";
        }
        else if (SwimLaneGroup.For(snap, service) is { } group)
        {
            // Lane routing decides only when the route did not pin a subset (ASM's generated VirtualServices
            // route by the tag header; a user's subset choice at the gateway is explicit and wins).
            var (lane, fallback) = group.Choose(service, request.Headers.GetValueOrDefault(group.RouteHeader));
            foreach (var (k, v) in lane.LabelSelector) required[k] = v;
            note = fallback ? Hop.FallbackNote : null;
            where = $" in lane {lane.Name}";
        }

        var pods = snap.Pods(service.Namespace)
            .Where(pod => PodReadiness.IsReady(pod) && PodReadiness.HasLabels(pod, required))
            .ToList();
        if (pods.Count == 0)
            throw new RoutingFailure(service.Name, "no ready endpoints" + where);
        var chosen = pods[snap.Endpoints.Next(pods.Select(Json.Name).ToList(), random)];
        var version = Json.Str(chosen, "metadata", "labels", versionLabel);
        return (new Hop(service.Name, version, Json.Name(chosen), note, Workload(chosen)) { Namespace = service.Namespace }, chosen);
    }

    /// <summary>
    /// The Deployment a pod belongs to, read from its owner without another lookup: a ReplicaSet named
    /// "&lt;deployment&gt;-&lt;pod-template-hash&gt;" stands for its Deployment; any other owner by its name; a bare pod by its own.
    /// </summary>
    private static string Workload(JsonObject pod)
    {
        var owner = Json.Arr(pod, "metadata", "ownerReferences").FirstOrDefault(o => Json.Str(o, "controller") == "true")
                    ?? Json.Arr(pod, "metadata", "ownerReferences").FirstOrDefault();
        var ownerName = Json.Str(owner, "name");
        if (ownerName is null) return Json.Name(pod);
        var hash = Json.Str(pod, "metadata", "labels", "pod-template-hash");
        return Json.Str(owner, "kind") == "ReplicaSet" && hash is { Length: > 0 } && ownerName.EndsWith("-" + hash, StringComparison.Ordinal)
            ? ownerName[..^(hash.Length + 1)]
            : ownerName;
    }

    /// <summary>
    /// The subset's labels from the DestinationRule for the host (exact host beats wildcard, the Service's own
    /// namespace first, then the oldest; only that one rule counts, as in Istio). Without such a subset, an ASM lane of
    /// that name in the Service's lane group stands in (ASM generates those subsets). Otherwise Istio answers 503.
    /// </summary>
    private Dictionary<string, string> SubsetLabels(ServiceRef service, string subset, string hostAsWritten)
    {
        var rule = snap.DestinationRules
            .Select(dr => (dr, score: HostNames.ServiceSpecificity(Json.Str(dr, "spec", "host") ?? "", Json.Namespace(dr), service)))
            .Where(x => x.score >= 0)
            .OrderByDescending(x => x.score)
            .ThenBy(x => Json.Namespace(x.dr) == service.Namespace ? 0 : 1)
            .Select(x => x.dr)
            .FirstOrDefault();
        var defined = Json.Arr(rule, "spec", "subsets").FirstOrDefault(s => Json.Str(s, "name") == subset);
        if (defined is not null) return Json.Map(defined, "labels");
        if (SwimLaneGroup.For(snap, service) is { } group && group.Lanes.TryGetValue(subset, out var lane))
            return new Dictionary<string, string>(lane.LabelSelector);
        throw new RoutingFailure(service.Name, $"no subset {subset} in DestinationRule for host {hostAsWritten}");
    }
}
