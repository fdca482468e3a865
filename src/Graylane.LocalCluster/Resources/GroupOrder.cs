namespace Graylane.LocalCluster.Resources;

/// <summary>
/// The order /apis lists groups in, as a real server does: built-in groups by their fixed upstream priority, then
/// every other group (CRDs) by name. kubectl resolves a plural two groups share by this order — `kubectl get
/// gateways` finds gateway.networking.k8s.io's before networking.istio.io's, as on a cluster with both installed.
/// </summary>
internal static class GroupOrder
{
    private static readonly string[] BuiltIn =
    [
        "", "apiregistration.k8s.io", "apps", "events.k8s.io", "authentication.k8s.io", "authorization.k8s.io",
        "autoscaling", "batch", "certificates.k8s.io", "networking.k8s.io", "policy", "rbac.authorization.k8s.io",
        "storage.k8s.io", "admissionregistration.k8s.io", "apiextensions.k8s.io", "scheduling.k8s.io",
        "coordination.k8s.io", "node.k8s.io", "discovery.k8s.io", "flowcontrol.apiserver.k8s.io", "resource.k8s.io",
    ];

    public static IEnumerable<string> Sort(IEnumerable<string> groups) =>
        groups.OrderBy(g => Array.IndexOf(BuiltIn, g) is var i and >= 0 ? i : BuiltIn.Length)
            .ThenBy(g => g, StringComparer.Ordinal);
}
