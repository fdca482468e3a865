using System.Text.Json;
using System.Text.Json.Nodes;

namespace Graylane.Core.Manifests;

/// <summary>
/// Fields the API server writes into objects that the manifest did not (defaults, assigned addresses, controller
/// annotations). A live field of this kind that the manifest lacks is not a change the manifest makes: kubectl apply
/// leaves it alone too.
/// </summary>
public static class ServerDefaults
{
    private static readonly Dictionary<string, string[]> Defaults = new(StringComparer.Ordinal)
    {
        ["terminationMessagePath"] = ["/dev/termination-log"], ["terminationMessagePolicy"] = ["File"],
        ["imagePullPolicy"] = ["IfNotPresent", "Always"], ["restartPolicy"] = ["Always"], ["dnsPolicy"] = ["ClusterFirst"],
        ["schedulerName"] = ["default-scheduler"], ["terminationGracePeriodSeconds"] = ["30"], ["protocol"] = ["TCP"],
        ["timeoutSeconds"] = ["1"], ["periodSeconds"] = ["10"], ["successThreshold"] = ["1"], ["failureThreshold"] = ["3"],
        ["revisionHistoryLimit"] = ["10"], ["progressDeadlineSeconds"] = ["600"], ["type"] = ["RollingUpdate", "ClusterIP", "Opaque"],
        ["maxSurge"] = ["25%"], ["maxUnavailable"] = ["25%"], ["defaultMode"] = ["420"], ["sessionAffinity"] = ["None"],
        ["internalTrafficPolicy"] = ["Cluster"], ["externalTrafficPolicy"] = ["Cluster"], ["ipFamilyPolicy"] = ["SingleStack"],
        ["scheme"] = ["HTTP"], ["allocateLoadBalancerNodePorts"] = ["true"], ["replicas"] = ["1"],
    };

    // Assigned by the server or its controllers whatever the value.
    private static readonly HashSet<string> Assigned =
    [
        "clusterIP", "clusterIPs", "ipFamilies", "nodePort", "targetPort", "creationTimestamp", "healthCheckNodePort",
        "kubectl.kubernetes.io/restartedAt", "kubectl.kubernetes.io/last-applied-configuration", "deployment.kubernetes.io/revision",
    ];

    public static bool IsDefault(string key, JsonNode? value)
    {
        if (value is null || value is JsonObject { Count: 0 } || value is JsonArray { Count: 0 }) return true;
        if (Assigned.Contains(key)) return true;
        if (value is JsonObject o) return o.All(kv => IsDefault(kv.Key, kv.Value));
        if (value is JsonValue v && Defaults.TryGetValue(key, out var values))
            return values.Contains(v.GetValueKind() == JsonValueKind.String ? v.GetValue<string>() : v.ToJsonString());
        return false;
    }
}
