using System.Text.Json.Nodes;

namespace Graylane.LocalCluster.Routing;

/// <summary>
/// A read-only view of cluster objects in Kubernetes JSON shape, so the router can run without a server.
/// </summary>
public interface IClusterView
{
    /// <summary>
    /// Objects of one kind, e.g. ("v1", "Service", "default") or ("networking.istio.io/v1", "VirtualService", null).
    /// ns null = all namespaces (and the only choice for cluster-scoped kinds). The router never changes what it gets.
    /// A view may return the same object for several versions of a group; the router de-duplicates by namespace/name.
    /// </summary>
    IReadOnlyList<JsonObject> List(string apiVersion, string kind, string? ns);
}
