using System.Text.Json.Nodes;

namespace Graylane.LocalCluster.Routing;

/// <summary>
/// Which Services a pod calls, in order. The graylane.io/calls annotation ("mockb,mockc") says it explicitly;
/// without it the calls are read from the containers' environment the way apps declare their upstreams: every
/// value that is an http(s) URL whose host names an existing Service ("http://mockb:8000/", "mockb.shop.svc",
/// "mockb.shop.svc.cluster.local"), taken from `value` or a ConfigMap (`valueFrom.configMapKeyRef`, `envFrom`).
/// </summary>
internal static class CallGraph
{
    /// <summary>
    /// The annotation's names as written (checked by the caller), or the inferred Services with the authority the URL
    /// names (what a VirtualService's authority match sees); self-calls are not inferred.
    /// </summary>
    public static (IReadOnlyList<string> Annotated, IReadOnlyList<(ServiceRef Service, string Authority)> Inferred) Calls(
        JsonObject pod, ServiceRef self, ClusterSnapshot snap)
    {
        var annotation = Json.Str(pod, "metadata", "annotations", RequestRouter.CallsAnnotation);
        if (!string.IsNullOrWhiteSpace(annotation))
            return (annotation.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries), []);

        var ns = Json.Namespace(pod) is { Length: > 0 } n ? n : self.Namespace;
        var found = new List<(ServiceRef, string)>();
        foreach (var value in EnvironmentValues(pod, ns, snap))
        {
            if (!Uri.TryCreate(value.Trim(), UriKind.Absolute, out var uri) || uri.Scheme is not ("http" or "https")) continue;
            if (HostNames.AsService(uri.Host, ns) is not { } service || service == self || found.Any(f => f.Item1 == service)) continue;
            if (snap.Service(service) is not null) found.Add((service, uri.IsDefaultPort ? uri.Host : $"{uri.Host}:{uri.Port}"));
        }
        return ([], found);
    }

    private static IEnumerable<string> EnvironmentValues(JsonObject pod, string ns, ClusterSnapshot snap)
    {
        foreach (var container in Json.Arr(pod, "spec", "containers"))
        {
            foreach (var from in Json.Arr(container, "envFrom"))
                if (Json.Str(from, "configMapRef", "name") is { } cm && snap.ConfigMap(ns, cm) is { } map)
                    foreach (var (_, v) in Json.Map(map, "data")) yield return v;
            foreach (var env in Json.Arr(container, "env"))
            {
                if (Json.Str(env, "value") is { } literal) yield return literal;
                else if (Json.Obj(env, "valueFrom", "configMapKeyRef") is { } reference &&
                         snap.ConfigMap(ns, Json.Str(reference, "name") ?? "") is { } map &&
                         Json.Str(map, "data", Json.Str(reference, "key") ?? "") is { } referenced)
                    yield return referenced;
            }
        }
    }
}
