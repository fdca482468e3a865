namespace Graylane.LocalCluster.Routing;

/// <summary>Gateway references as VirtualServices write them.</summary>
internal static class Gateways
{
    public const string Mesh = "mesh";

    /// <summary>
    /// Whether a reference ("mesh", "ns/name" or "name" = in the VirtualService's namespace) names where the
    /// request is: current = "ns/name" of the ingress gateway, or null for sidecars.
    /// </summary>
    public static bool Names(string reference, string ownerNs, string? current)
    {
        if (reference == Mesh) return current is null;
        return current is not null && Qualify(reference, ownerNs) == current;
    }

    public static string Qualify(string reference, string ownerNs) =>
        reference.Contains('/') ? reference : $"{ownerNs}/{reference}";
}
