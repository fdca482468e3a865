using System.Text.Json.Nodes;

namespace Graylane.LocalCluster.Routing;

/// <summary>Which VirtualService routes decide a request, for sidecars (mesh) and for an ingress gateway.</summary>
internal sealed class VirtualServices(ClusterSnapshot snap)
{
    /// <summary>
    /// The VirtualService a sidecar applies for a Service: spec.gateways empty or containing "mesh", a host naming the
    /// Service in any form (short names relative to the VirtualService's namespace) or a wildcard covering its FQDN.
    /// Exact hosts beat wildcards; among equals the oldest wins (Istio does not merge sidecar VirtualServices).
    /// </summary>
    public JsonObject? ForMesh(ServiceRef service) =>
        snap.VirtualServices
            .Where(AppliesToMesh)
            .Select(vs => (vs, score: Hosts(vs).Max(h => (int?)HostNames.ServiceSpecificity(h, Json.Namespace(vs), service)) ?? -1))
            .Where(x => x.score >= 0)
            .OrderByDescending(x => x.score) // stable: keeps oldest-first among equals
            .Select(x => x.vs)
            .FirstOrDefault();

    /// <summary>
    /// The routes an ingress gateway applies for a host: every VirtualService bound to the gateway whose hosts match,
    /// keeping only the most specific host pattern; their http routes are merged in age order, as Istio merges
    /// gateway VirtualServices for the same host (seed 002's dev gateway has one per developer on "*").
    /// </summary>
    public IReadOnlyList<(JsonObject Vs, JsonObject Route)> ForGateway(string gateway, string host)
    {
        var bound = snap.VirtualServices
            .Where(vs => Json.Arr(vs, "spec", "gateways").Select(g => Json.Str(g)).OfType<string>()
                .Any(g => g != Gateways.Mesh && Gateways.Qualify(g, Json.Namespace(vs)) == gateway))
            .Select(vs => (vs, score: Hosts(vs).Max(h => (int?)HostNames.Specificity(Expand(h, Json.Namespace(vs)), host)) ?? -1))
            .Where(x => x.score >= 0)
            .ToList();
        if (bound.Count == 0) return [];
        var best = bound.Max(x => x.score);
        return bound.Where(x => x.score == best)
            .SelectMany(x => Json.Arr(x.vs, "spec", "http").OfType<JsonObject>().Select(r => (x.vs, r)))
            .ToList();
    }

    private static bool AppliesToMesh(JsonObject vs)
    {
        var gateways = Json.Arr(vs, "spec", "gateways").Select(g => Json.Str(g)).OfType<string>().ToList();
        return gateways.Count == 0 || gateways.Contains(Gateways.Mesh);
    }

    private static IEnumerable<string> Hosts(JsonObject vs) =>
        Json.Arr(vs, "spec", "hosts").Select(h => Json.Str(h)).OfType<string>();

    /// <summary>A short host name in a VirtualService means the Service in the VirtualService's namespace.</summary>
    private static string Expand(string host, string ns) =>
        host.Contains('.') || host.Contains('*') ? host : new ServiceRef(ns, host).Fqdn;
}
