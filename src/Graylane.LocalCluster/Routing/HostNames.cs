namespace Graylane.LocalCluster.Routing;

/// <summary>Kubernetes/Istio host name forms and wildcard matching.</summary>
internal static class HostNames
{
    public const string ClusterDomain = "cluster.local";

    /// <summary>
    /// Reads a host as a Service: "name" (in defaultNs, as Kubernetes DNS search paths and Istio short names do),
    /// "name.ns", "name.ns.svc", "name.ns.svc.cluster.local". Any port is dropped. Other names are not Services.
    /// </summary>
    public static ServiceRef? AsService(string host, string defaultNs)
    {
        var h = StripPort(host).TrimEnd('.').ToLowerInvariant();
        if (h.Length == 0 || h.Contains('*')) return null;
        var parts = h.Split('.');
        return parts.Length switch
        {
            1 => new ServiceRef(defaultNs, parts[0]),
            2 => new ServiceRef(parts[1], parts[0]),
            3 when parts[2] == "svc" => new ServiceRef(parts[1], parts[0]),
            5 when parts[2] == "svc" && $"{parts[3]}.{parts[4]}" == ClusterDomain => new ServiceRef(parts[1], parts[0]),
            _ => null,
        };
    }

    /// <summary>
    /// How well a VirtualService/Gateway host pattern matches a host: -1 no match, 0 "*", otherwise longer is more
    /// specific and exact beats any wildcard (Envoy picks the most specific virtual host domain).
    /// "*.example.com" matches "a.example.com" and "a.b.example.com" but not "example.com".
    /// </summary>
    public static int Specificity(string pattern, string host)
    {
        var p = pattern.ToLowerInvariant();
        var h = StripPort(host).ToLowerInvariant();
        if (p == "*") return 0;
        if (p.StartsWith("*.", StringComparison.Ordinal))
            return h.EndsWith(p[1..], StringComparison.Ordinal) && h.Length > p.Length - 1 ? p.Length : -1;
        return p == h ? 10_000 + p.Length : -1;
    }

    /// <summary>
    /// How well a VirtualService/DestinationRule host (written in namespace ownerNs) names a Service:
    /// any form of the Service's name counts as exact; wildcards are matched against its FQDN.
    /// </summary>
    public static int ServiceSpecificity(string pattern, string ownerNs, ServiceRef service)
    {
        if (pattern.Contains('*')) return Specificity(pattern, service.Fqdn);
        return AsService(pattern, ownerNs) == service ? 10_000 : -1;
    }

    private static string StripPort(string host)
    {
        var colon = host.LastIndexOf(':');
        return colon > 0 && host[(colon + 1)..].All(char.IsAsciiDigit) ? host[..colon] : host;
    }
}
