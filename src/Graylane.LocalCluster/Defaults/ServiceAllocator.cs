using System.Net;
using System.Text.Json.Nodes;
using Graylane.LocalCluster.Api;
using Graylane.LocalCluster.Storage;
using Graylane.LocalCluster.Validation;

namespace Graylane.LocalCluster.Defaults;

/// <summary>
/// The Service IP and node port allocators: a clusterIP from 10.96.0.0/12 (the default service CIDR) and nodePorts from
/// 30000-32767, random and unused, or the ones asked for when free; failures are the server's 422s.
/// </summary>
internal sealed class ServiceAllocator(ObjectStore store)
{
    public const string ServiceCidr = "10.96.0.0/12";
    private const uint RangeStart = (10u << 24) | (96u << 16); // 10.96.0.0
    private const uint RangeSize = 1u << 20;
    private const int NodePortMin = 30000, NodePortMax = 32767;
    private readonly Lock _gate = new();

    public void Allocate(ServedResource r, JsonObject service)
    {
        var spec = (JsonObject)service["spec"]!;
        var errors = new List<FieldError>();
        lock (_gate)
        {
            var others = store.List(BuiltInTypes.Services).Where(s => !(s.Namespace() == service.Namespace() && s.Name() == service.Name())).ToList();
            if (ServiceDefaults.NeedsClusterIP(spec)) AllocateClusterIP(spec, others, errors);
            if (ServiceDefaults.NeedsNodePort(spec)) AllocateNodePorts(spec, others, errors);
        }
        if (errors.Count > 0) throw StatusObjects.Invalid(r, service.Name() ?? "", errors);
    }

    private static void AllocateClusterIP(JsonObject spec, List<JsonObject> others, List<FieldError> errors)
    {
        var used = others.SelectMany(s => (s["spec"]?["clusterIPs"] as JsonArray)?.Select(x => x.Str()) ?? []).OfType<string>().ToHashSet();
        var ip = spec["clusterIP"].Str() ?? "";
        if (ip.Length == 0)
        {
            // Random, like the real allocator; .0 and .1 are never handed out (.1 is the kubernetes Service's).
            string candidate;
            do candidate = ToText(RangeStart + 2 + (uint)Random.Shared.Next((int)RangeSize - 3));
            while (used.Contains(candidate));
            ip = candidate;
        }
        else if (ip != "None")
        {
            var shown = new JsonArray(ip);
            if (!IPAddress.TryParse(ip, out var address) || address.GetAddressBytes() is not { Length: 4 } bytes ||
                (System.Buffers.Binary.BinaryPrimitives.ReadUInt32BigEndian(bytes) - RangeStart) >= RangeSize)
                errors.Add(FieldError.Invalid("spec.clusterIPs", shown,
                    $"failed to allocate IP {ip}: the provided IP ({ip}) is not in the valid range. The range of valid IPs is {ServiceCidr}"));
            else if (used.Contains(ip))
                errors.Add(FieldError.Invalid("spec.clusterIPs", shown, $"failed to allocate IP {ip}: provided IP is already allocated"));
        }
        spec["clusterIP"] = ip;
        if (spec["clusterIPs"] is not JsonArray { Count: > 0 }) spec["clusterIPs"] = new JsonArray(ip);
        spec["ipFamilies"] ??= new JsonArray("IPv4");
        spec["ipFamilyPolicy"] ??= "SingleStack";
    }

    private static void AllocateNodePorts(JsonObject spec, List<JsonObject> others, List<FieldError> errors)
    {
        var used = others.SelectMany(s => (s["spec"]?["ports"] as JsonArray)?.Select(p => p?["nodePort"].Long() ?? 0) ?? []).Where(n => n != 0).ToHashSet();
        var ports = (spec["ports"] as JsonArray)?.OfType<JsonObject>().ToList() ?? [];
        for (var i = 0; i < ports.Count; i++)
        {
            var asked = ports[i]["nodePort"].Long() ?? 0;
            if (asked == 0)
            {
                long candidate;
                do candidate = Random.Shared.Next(NodePortMin, NodePortMax + 1);
                while (!used.Add(candidate));
                ports[i]["nodePort"] = candidate;
            }
            else if (asked is >= NodePortMin and <= NodePortMax && !used.Add(asked))
                errors.Add(FieldError.Invalid($"spec.ports[{i}].nodePort", asked, "provided port is already allocated"));
        }
    }

    private static string ToText(uint ip) => $"{ip >> 24}.{(ip >> 16) & 255}.{(ip >> 8) & 255}.{ip & 255}";
}
