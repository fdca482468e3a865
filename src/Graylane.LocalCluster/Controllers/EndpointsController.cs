using System.Text.Json.Nodes;
using Graylane.LocalCluster.Storage;

namespace Graylane.LocalCluster.Controllers;

/// <summary>
/// For every Service with a selector, an Endpoints object of the same name: ready pods' IPs under
/// addresses, unready ones under notReadyAddresses (with targetRefs), ports resolved from the Service's
/// targetPorts (named ports looked up in each pod). Services without a selector are left to their owners.
/// </summary>
internal sealed class EndpointsController(ObjectStore store)
{
    public void Reconcile(string ns, string name)
    {
        var service = store.Get(BuiltInTypes.Services, ns, name);
        if (service is null)
        {
            StoreWrites.DeleteIfPresent(store, BuiltInTypes.Endpoints, ns, name);
            return;
        }
        var selector = Json.StringMap(service["spec"]?["selector"]);
        if (selector.Count == 0) return;

        var pods = store.List(BuiltInTypes.Pods, ns)
            .Where(p => !Json.IsDeleting(p) && !PodReadiness.IsTerminal(p))
            .Where(p => !string.IsNullOrEmpty((string?)p["status"]?["podIP"]))
            .Where(p => LabelSelector.MatchesMap(selector, Json.StringMap(Json.Metadata(p)["labels"])))
            .OrderBy(p => (string?)p["status"]?["podIP"], StringComparer.Ordinal)
            .ToList();

        // Pods that resolve the ports the same way share a subset, as the real controller packs them.
        var subsets = new JsonArray();
        foreach (var group in pods.GroupBy(p => Ports(service, p).ToJsonString()))
        {
            var subset = new JsonObject();
            var ready = group.Where(PodReadiness.IsReady).Select(Address).ToArray<JsonNode?>();
            var notReady = group.Where(p => !PodReadiness.IsReady(p)).Select(Address).ToArray<JsonNode?>();
            if (ready.Length > 0) subset["addresses"] = new JsonArray(ready);
            if (notReady.Length > 0) subset["notReadyAddresses"] = new JsonArray(notReady);
            var ports = Ports(service, group.First());
            if (ports.Count > 0) subset["ports"] = ports;
            subsets.Add(subset);
        }

        var labels = Json.Metadata(service)["labels"]?.DeepClone() as JsonObject;
        var existing = store.Get(BuiltInTypes.Endpoints, ns, name);
        if (existing is null)
        {
            var endpoints = new JsonObject { ["metadata"] = new JsonObject { ["name"] = name, ["namespace"] = ns } };
            if (labels is not null) Json.Metadata(endpoints)["labels"] = labels;
            if (subsets.Count > 0) endpoints["subsets"] = subsets;
            try
            {
                store.Create(BuiltInTypes.Endpoints, endpoints);
                return;
            }
            catch (StoreException e) when (e.Code == 409)
            {
                // Created meanwhile by someone else: fall through to update it.
            }
        }
        StoreWrites.Mutate(store, BuiltInTypes.Endpoints, ns, name, statusOnly: false, current =>
        {
            var before = current.DeepClone();
            if (subsets.Count > 0) current["subsets"] = subsets.DeepClone();
            else current.Remove("subsets");
            if (labels is not null) Json.Metadata(current)["labels"] = labels.DeepClone();
            return !JsonNode.DeepEquals(before, current);
        });
    }

    private static JsonObject Address(JsonObject pod)
    {
        var address = new JsonObject
        {
            ["ip"] = (string?)pod["status"]?["podIP"],
            ["targetRef"] = new JsonObject
            {
                ["kind"] = "Pod",
                ["namespace"] = Json.Namespace(pod),
                ["name"] = Json.Name(pod),
                ["uid"] = Json.Uid(pod),
            },
        };
        if ((string?)pod["spec"]?["nodeName"] is { Length: > 0 } node) address["nodeName"] = node;
        return address;
    }

    internal static JsonArray Ports(JsonObject service, JsonObject pod)
    {
        var ports = new JsonArray();
        foreach (var port in (service["spec"]?["ports"] as JsonArray)?.OfType<JsonObject>() ?? [])
        {
            var target = port["targetPort"] ?? port["port"];
            var text = Json.String(target);
            var number = Json.Long(target)
                ?? (long.TryParse(text, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var n) ? n : NamedPort(pod, text));
            if (number is null) continue; // a named port this pod does not declare
            var entry = new JsonObject();
            if ((string?)port["name"] is { } portName) entry["name"] = portName;
            entry["port"] = number;
            entry["protocol"] = (string?)port["protocol"] ?? "TCP";
            if ((string?)port["appProtocol"] is { } appProtocol) entry["appProtocol"] = appProtocol;
            ports.Add(entry);
        }
        return ports;
    }

    private static long? NamedPort(JsonObject pod, string? name) =>
        name is null ? null
        : (pod["spec"]?["containers"] as JsonArray)?.OfType<JsonObject>()
            .SelectMany(c => (c["ports"] as JsonArray)?.OfType<JsonObject>() ?? [])
            .Where(p => (string?)p["name"] == name)
            .Select(p => Json.Long(p["containerPort"]))
            .FirstOrDefault();
}
