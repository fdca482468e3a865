using System.Text.Json.Nodes;

namespace Graylane.LocalCluster.Defaults;

/// <summary>
/// What the API server fills in on a Service (SetDefaults_Service, and the REST storage's clusterIP handling): type,
/// session affinity, port protocols and targetPorts, traffic policies, IP families; on update the allocated clusterIP(s)
/// and nodePorts a client left out are kept (patchAllocatedValues) and clusterIPs follows a changed clusterIP.
/// </summary>
internal static class ServiceDefaults
{
    public static void Apply(JsonObject service, JsonObject? old)
    {
        var spec = service["spec"] as JsonObject ?? (JsonObject)(service["spec"] = new JsonObject());
        spec["type"] ??= "ClusterIP";
        var type = spec["type"].Str();
        spec["sessionAffinity"] ??= "None";
        foreach (var port in (spec["ports"] as JsonArray)?.OfType<JsonObject>() ?? [])
        {
            port["protocol"] ??= "TCP";
            if (port["targetPort"] is null || port["targetPort"].Long() == 0 || port["targetPort"].Str() == "")
                port["targetPort"] = port["port"]?.DeepClone();
        }
        if (type is "NodePort" or "LoadBalancer") spec["externalTrafficPolicy"] ??= "Cluster";
        if (type is "ClusterIP" or "NodePort" or "LoadBalancer") spec["internalTrafficPolicy"] ??= "Cluster";
        if (type == "LoadBalancer") spec["allocateLoadBalancerNodePorts"] ??= true;

        var oldSpec = old?["spec"] as JsonObject;
        if (oldSpec is not null && NeedsClusterIP(oldSpec) && NeedsClusterIP(spec))
        {
            // A client that left out what the server allocated means "keep it", not "release it".
            if (string.IsNullOrEmpty(spec["clusterIP"].Str())) spec["clusterIP"] = oldSpec["clusterIP"]?.DeepClone();
            if (spec["clusterIPs"] is not JsonArray { Count: > 0 } && oldSpec["clusterIPs"] is JsonArray { Count: > 0 } oldIps)
                spec["clusterIPs"] = oldIps.DeepClone();
            else if (spec["clusterIP"].Str() != oldSpec["clusterIP"].Str() && JsonNode.DeepEquals(spec["clusterIPs"], oldSpec["clusterIPs"]))
                spec["clusterIPs"] = new JsonArray(spec["clusterIP"]?.DeepClone()); // clusterIP changed alone: clusterIPs follows
            spec["ipFamilies"] ??= oldSpec["ipFamilies"]?.DeepClone();
            spec["ipFamilyPolicy"] ??= oldSpec["ipFamilyPolicy"]?.DeepClone();
        }
        else if (spec["clusterIP"].Str() is { Length: > 0 } ip && spec["clusterIPs"] is not JsonArray { Count: > 0 })
            spec["clusterIPs"] = new JsonArray(ip); // an old client's singular field
        if (oldSpec is not null && NeedsNodePort(oldSpec) && NeedsNodePort(spec)) KeepNodePorts(spec, oldSpec);
    }

    public static bool NeedsClusterIP(JsonObject spec) => (spec["type"].Str() ?? "ClusterIP") != "ExternalName";

    public static bool NeedsNodePort(JsonObject spec) => spec["type"].Str() is "NodePort" or "LoadBalancer";

    /// <summary>A port without a nodePort keeps the one its namesake had, unless another port uses it now.</summary>
    private static void KeepNodePorts(JsonObject spec, JsonObject oldSpec)
    {
        var ports = (spec["ports"] as JsonArray)?.OfType<JsonObject>().ToList() ?? [];
        var used = ports.Select(p => p["nodePort"].Long() ?? 0).Where(n => n != 0).ToHashSet();
        var byName = ((oldSpec["ports"] as JsonArray)?.OfType<JsonObject>() ?? [])
            .GroupBy(p => p["name"].Str() ?? "").ToDictionary(g => g.Key, g => g.First()["nodePort"].Long() ?? 0);
        foreach (var port in ports)
            if ((port["nodePort"].Long() ?? 0) == 0 && byName.TryGetValue(port["name"].Str() ?? "", out var previous) && previous != 0 && used.Add(previous))
                port["nodePort"] = previous;
    }
}
