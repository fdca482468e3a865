namespace Graylane.Core.Planning.Istio;

/// <summary>
/// Host names as Istio and Kubernetes DNS read them: "reviews" (in the VirtualService's namespace), "reviews.ns",
/// "reviews.ns.svc" and "reviews.ns.svc.cluster.local" all name one Service; anything else is compared as written.
/// </summary>
public static class IstioHosts
{
    /// <summary>The Service a host names (namespace null when a short name has no namespace to resolve in), or null.</summary>
    public static (string Name, string? Namespace)? AsService(string host, string? defaultNamespace)
    {
        var h = host.Trim().TrimEnd('.').ToLowerInvariant();
        if (h.Length == 0 || h.Contains('*')) return null;
        var parts = h.Split('.');
        return parts.Length switch
        {
            1 => (parts[0], defaultNamespace),
            2 => (parts[0], parts[1]),
            >= 3 when parts[2] == "svc" => (parts[0], parts[1]),
            _ => null,
        };
    }

    /// <summary>True when both hosts name the same Service (or are the same name as written).</summary>
    public static bool Same(string a, string b, string? defaultNamespace)
    {
        if (string.Equals(a.Trim(), b.Trim(), StringComparison.OrdinalIgnoreCase)) return true;
        if (AsService(a, defaultNamespace) is not { } x || AsService(b, defaultNamespace) is not { } y) return false;
        return x.Name == y.Name && (x.Namespace is null || y.Namespace is null || x.Namespace == y.Namespace);
    }
}
