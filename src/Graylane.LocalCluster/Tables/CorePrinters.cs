using System.Text.Json.Nodes;

namespace Graylane.LocalCluster.Tables;

/// <summary>Services, Endpoints, configuration, namespaces, Events and Leases, with kubectl's columns and cells.</summary>
internal static class CorePrinters
{
    public static ObjectPrinter Services() => new(
    [
        Docs.Name,
        new("Type", "string", Docs.Of("io.k8s.api.core.v1.ServiceSpec", "type")),
        new("Cluster-IP", "string", Docs.Of("io.k8s.api.core.v1.ServiceSpec", "clusterIP")),
        new("External-IP", "string", Docs.Of("io.k8s.api.core.v1.ServiceSpec", "externalIPs")),
        new("Port(s)", "string", Docs.Of("io.k8s.api.core.v1.ServiceSpec", "ports")),
        Docs.Age,
        new("Selector", "string", Docs.Of("io.k8s.api.core.v1.ServiceSpec", "selector"), 1),
    ], (svc, now) =>
    {
        var type = Cell.Text(svc, "spec.type", "ClusterIP");
        var clusterIp = (svc["spec"]?["clusterIPs"] as JsonArray)?.FirstOrDefault().Str() ?? Cell.Text(svc, "spec.clusterIP", "<none>");
        var ports = string.Join(",", Cell.Objects(svc["spec"]?["ports"]).Select(p =>
        {
            var protocol = p["protocol"].Str() ?? "TCP";
            var nodePort = p["nodePort"].Long() ?? 0;
            return nodePort > 0 ? $"{p["port"].Long()}:{nodePort}/{protocol}" : $"{p["port"].Long()}/{protocol}";
        }));
        return [Cell.Name(svc), type, clusterIp, ExternalIp(svc, type), ports.Length == 0 ? "<none>" : ports, Cell.Age(svc, now), Cell.Labels(svc["spec"]?["selector"])];
    });

    private static string ExternalIp(JsonObject svc, string type)
    {
        var external = (svc["spec"]?["externalIPs"] as JsonArray ?? []).Select(x => x.Str() ?? "").ToList();
        switch (type)
        {
            case "ClusterIP" or "NodePort":
                return external.Count > 0 ? string.Join(",", external) : "<none>";
            case "LoadBalancer":
                var lb = Cell.Objects(svc["status"]?["loadBalancer"]?["ingress"])
                    .Select(i => i["ip"].Str() is { Length: > 0 } ip ? ip : i["hostname"].Str() ?? "")
                    .Where(s => s.Length > 0).Distinct().Order(StringComparer.Ordinal).ToList();
                var all = lb.Concat(external).ToList();
                return all.Count > 0 ? string.Join(",", all) : "<pending>";
            case "ExternalName":
                return Cell.Text(svc, "spec.externalName");
            default:
                return "<unknown>";
        }
    }

    public static ObjectPrinter Endpoints() => new(
    [
        Docs.Name, new("Endpoints", "string", Docs.Of("io.k8s.api.core.v1.Endpoints", "subsets")), Docs.Age,
    ], (ep, now) => [Cell.Name(ep), FormatEndpoints(ep), Cell.Age(ep, now)]);

    /// <summary>At most three ip:port pairs, then "+ N more...".</summary>
    private static string FormatEndpoints(JsonObject ep)
    {
        var subsets = Cell.Objects(ep["subsets"]).ToList();
        if (subsets.Count == 0) return "<none>";
        var list = new List<string>();
        var count = 0;
        foreach (var ss in subsets)
        {
            var addresses = Cell.Objects(ss["addresses"]).Select(a => a["ip"].Str() ?? "").ToList();
            var ports = Cell.Objects(ss["ports"]).ToList();
            if (ports.Count == 0)
            {
                count += addresses.Count;
                list.AddRange(addresses.Take(Math.Max(0, 3 - list.Count)));
                continue;
            }
            foreach (var port in ports)
            {
                count += addresses.Count;
                foreach (var ip in addresses)
                    if (list.Count < 3) list.Add(ip.Contains(':') ? $"[{ip}]:{port["port"].Long()}" : $"{ip}:{port["port"].Long()}");
            }
        }
        var text = string.Join(",", list);
        return count > 3 ? $"{text} + {count - 3} more..." : text;
    }

    public static ObjectPrinter ConfigMaps() => new(
    [
        Docs.Name, new("Data", "string", Docs.Of("io.k8s.api.core.v1.ConfigMap", "data")), Docs.Age,
    ], (cm, now) => [Cell.Name(cm), (long)((cm["data"] as JsonObject)?.Count ?? 0) + ((cm["binaryData"] as JsonObject)?.Count ?? 0), Cell.Age(cm, now)]);

    public static ObjectPrinter Secrets() => new(
    [
        Docs.Name, new("Type", "string", Docs.Of("io.k8s.api.core.v1.Secret", "type")),
        new("Data", "string", Docs.Of("io.k8s.api.core.v1.Secret", "data")), Docs.Age,
    ], (s, now) => [Cell.Name(s), Cell.Text(s, "type", "Opaque"), (long)((s["data"] as JsonObject)?.Count ?? 0), Cell.Age(s, now)]);

    public static ObjectPrinter Namespaces() => new(
    [
        Docs.Name, new("Status", "string", "The status of the namespace"), Docs.Age,
    ], (ns, now) => [Cell.Name(ns), Cell.Text(ns, "status.phase"), Cell.Age(ns, now)]);

    public static ObjectPrinter ServiceAccounts() => new(
    [
        Docs.Name, new("Secrets", "string", Docs.Of("io.k8s.api.core.v1.ServiceAccount", "secrets")), Docs.Age,
    ], (sa, now) => [Cell.Name(sa), (long)Cell.Objects(sa["secrets"]).Count(), Cell.Age(sa, now)]);

    public static ObjectPrinter Leases() => new(
    [
        Docs.Name, new("Holder", "string", Docs.Of("io.k8s.api.coordination.v1.LeaseSpec", "holderIdentity")), Docs.Age,
    ], (l, now) => [Cell.Name(l), Cell.Text(l, "spec.holderIdentity"), Cell.Age(l, now)]);

    public static ObjectPrinter Events() => new(
    [
        new("Last Seen", "string", Docs.Of("io.k8s.api.core.v1.Event", "lastTimestamp")),
        new("Type", "string", Docs.Of("io.k8s.api.core.v1.Event", "type")),
        new("Reason", "string", Docs.Of("io.k8s.api.core.v1.Event", "reason")),
        new("Object", "string", Docs.Of("io.k8s.api.core.v1.Event", "involvedObject")),
        new("Subobject", "string", Docs.Of("io.k8s.api.core.v1.ObjectReference", "fieldPath"), 1),
        new("Source", "string", Docs.Of("io.k8s.api.core.v1.Event", "source"), 1),
        new("Message", "string", Docs.Of("io.k8s.api.core.v1.Event", "message")),
        new("First Seen", "string", Docs.Of("io.k8s.api.core.v1.Event", "firstTimestamp"), 1),
        new("Count", "string", Docs.Of("io.k8s.api.core.v1.Event", "count"), 1),
        new("Name", "string", Docs.Meta("name"), 1, "name"),
    ], EventCells);

    private static JsonNode?[] EventCells(JsonObject ev, DateTimeOffset now)
    {
        var first = Cell.Text(ev, "firstTimestamp");
        var firstSeen = first.Length > 0 ? HumanDuration.Since(first, now) : HumanDuration.Since(Cell.Text(ev, "eventTime"), now);
        var last = Cell.Text(ev, "lastTimestamp");
        var lastSeen = last.Length > 0 ? HumanDuration.Since(last, now) : firstSeen;
        var count = ev["count"].Long() ?? 0;
        if (ev["series"] is JsonObject series)
        {
            lastSeen = HumanDuration.Since(Cell.Text(series, "lastObservedTime"), now);
            count = series["count"].Long() ?? 0;
        }
        else if (count == 0) count = 1;
        var kind = Cell.Text(ev, "involvedObject.kind").ToLowerInvariant();
        var name = Cell.Text(ev, "involvedObject.name");
        var component = Cell.Text(ev, "source.component") is { Length: > 0 } c ? c : Cell.Text(ev, "reportingComponent");
        var instance = Cell.Text(ev, "source.host") is { Length: > 0 } h ? h : Cell.Text(ev, "reportingInstance");
        var source = component.Length == 0 ? "" : instance.Length == 0 ? component : $"{component}, {instance}";
        return
        [
            lastSeen, Cell.Text(ev, "type"), Cell.Text(ev, "reason"), name.Length > 0 ? $"{kind}/{name}" : kind,
            Cell.Text(ev, "involvedObject.fieldPath"), source, Cell.Text(ev, "message").Trim(), firstSeen, count, Cell.Name(ev),
        ];
    }
}
