using System.Text.Json.Serialization;

namespace Graylane.Core.Model;

/// <summary>How a release sends traffic to versions. The JSON and --router spellings are the lower-case names below.</summary>
public enum RouterKind
{
    /// <summary>A Kubernetes Service selector: all traffic to one version at a time.</summary>
    [JsonStringEnumMemberName("service")] Service,
    /// <summary>Istio VirtualService and DestinationRule: weights, request matches, mirroring.</summary>
    [JsonStringEnumMemberName("istio")] Istio,
    /// <summary>Full-link lanes in plain Istio objects.</summary>
    [JsonStringEnumMemberName("lanes")] Lanes,
    /// <summary>Full-link lanes in Alibaba ASM's ASMSwimLaneGroup/ASMSwimLane.</summary>
    [JsonStringEnumMemberName("asm-lanes")] AsmLanes,
    /// <summary>Gateway API: weighted backendRefs in the user's HTTPRoute rule, match rules, RequestMirror.</summary>
    [JsonStringEnumMemberName("gateway-api")] GatewayApi,
    /// <summary>One Service in front of both versions: the weight is the gray's share of the ready pods (replica counts).</summary>
    [JsonStringEnumMemberName("replicas")] Replicas,
    /// <summary>ingress-nginx: a canary Ingress with canary-weight, canary-by-header and canary-by-cookie annotations.</summary>
    [JsonStringEnumMemberName("nginx")] Nginx,
}

/// <summary>The --router spelling of each router, and back.</summary>
public static class RouterKinds
{
    public static IReadOnlyList<RouterKind> All { get; } = Enum.GetValues<RouterKind>();

    public static string Name(this RouterKind kind) => kind switch
    {
        RouterKind.Service => "service",
        RouterKind.Istio => "istio",
        RouterKind.Lanes => "lanes",
        RouterKind.AsmLanes => "asm-lanes",
        RouterKind.GatewayApi => "gateway-api",
        RouterKind.Replicas => "replicas",
        RouterKind.Nginx => "nginx",
        _ => throw new ArgumentOutOfRangeException(nameof(kind), kind, null),
    };

    public static bool TryParse(string? name, out RouterKind kind)
    {
        foreach (var k in All)
            if (string.Equals(k.Name(), name?.Trim(), StringComparison.Ordinal))
            {
                kind = k;
                return true;
            }
        kind = default;
        return false;
    }
}
