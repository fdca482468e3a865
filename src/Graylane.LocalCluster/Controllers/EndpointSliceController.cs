using System.Text.Json.Nodes;
using Graylane.LocalCluster.Storage;

namespace Graylane.LocalCluster.Controllers;

/// <summary>
/// The EndpointSlice controller next to the Endpoints one: for every Service with a selector, slices labelled
/// kubernetes.io/service-name, owned by the Service, named &lt;service&gt;-&lt;random&gt;, one per set of resolved ports
/// (as Endpoints subsets are). Each pod is an endpoint with ready/serving/terminating conditions, its node and a
/// targetRef. A Service with no pods keeps one empty slice, as upstream.
/// </summary>
internal sealed class EndpointSliceController(ObjectStore store)
{
    public const string ServiceNameLabel = "kubernetes.io/service-name";
    public const string ManagedByLabel = "endpointslice.kubernetes.io/managed-by";
    public const string ManagedBy = "endpointslice-controller.k8s.io";
    private const string NameChars = "bcdfghjklmnpqrstvwxz2456789";

    public void Reconcile(string ns, string name)
    {
        var service = store.Get(BuiltInTypes.Services, ns, name);
        var existing = store.List(BuiltInTypes.EndpointSlices, ns)
            .Where(s => Json.StringMap(Json.Metadata(s)["labels"]) is var l &&
                        l.GetValueOrDefault(ServiceNameLabel) == name && l.GetValueOrDefault(ManagedByLabel) == ManagedBy)
            .ToList();
        var selector = Json.StringMap(service?["spec"]?["selector"]);
        if (service is null || selector.Count == 0)
        {
            // Gone, or selector-less (its owner writes the slices): ours go, as the real controller's do.
            foreach (var s in existing) StoreWrites.DeleteIfPresent(store, BuiltInTypes.EndpointSlices, ns, Json.Name(s));
            return;
        }

        var pods = store.List(BuiltInTypes.Pods, ns)
            .Where(p => !PodReadiness.IsTerminal(p))
            .Where(p => !string.IsNullOrEmpty((string?)p["status"]?["podIP"]))
            .Where(p => LabelSelector.MatchesMap(selector, Json.StringMap(Json.Metadata(p)["labels"])))
            .OrderBy(p => (string?)p["status"]?["podIP"], StringComparer.Ordinal)
            .ToList();
        var wanted = pods.GroupBy(p => SlicePorts(service, p).ToJsonString())
            .Select(g => (Ports: SlicePorts(service, g.First()), Endpoints: new JsonArray(g.Select(Endpoint).ToArray<JsonNode?>())))
            .ToList();
        if (wanted.Count == 0) wanted.Add((new JsonArray(), new JsonArray()));

        var unused = existing.ToList();
        foreach (var (ports, endpoints) in wanted)
        {
            // Reuse the slice that already carries these ports, else any left over, else a new one.
            var slice = unused.FirstOrDefault(s => JsonNode.DeepEquals(s["ports"] ?? new JsonArray(), ports)) ?? unused.FirstOrDefault();
            if (slice is not null)
            {
                unused.Remove(slice);
                StoreWrites.Mutate(store, BuiltInTypes.EndpointSlices, ns, Json.Name(slice), statusOnly: false, current =>
                {
                    var before = current.DeepClone();
                    Fill(current, service, ports, endpoints);
                    return !JsonNode.DeepEquals(before, current);
                });
            }
            else Create(service, ports, endpoints);
        }
        foreach (var s in unused) StoreWrites.DeleteIfPresent(store, BuiltInTypes.EndpointSlices, ns, Json.Name(s));
    }

    private void Create(JsonObject service, JsonArray ports, JsonArray endpoints)
    {
        var name = Json.Name(service);
        for (var attempt = 0; attempt < 5; attempt++)
        {
            var slice = new JsonObject
            {
                ["metadata"] = new JsonObject
                {
                    ["name"] = $"{name}-{new string(Enumerable.Range(0, 5).Select(_ => NameChars[Random.Shared.Next(NameChars.Length)]).ToArray())}",
                    ["generateName"] = name + "-",
                    ["namespace"] = Json.Namespace(service),
                    ["ownerReferences"] = Json.OwnerReferences(service),
                },
            };
            Fill(slice, service, ports, endpoints);
            try
            {
                store.Create(BuiltInTypes.EndpointSlices, slice);
                return;
            }
            catch (StoreException e) when (e.Code == 409)
            {
                // The random name was taken: draw another.
            }
        }
    }

    private static void Fill(JsonObject slice, JsonObject service, JsonArray ports, JsonArray endpoints)
    {
        var labels = Json.StringMap(Json.Metadata(service)["labels"]);
        labels[ServiceNameLabel] = Json.Name(service);
        labels[ManagedByLabel] = ManagedBy;
        Json.Metadata(slice)["labels"] = Json.ToJson(labels);
        slice["addressType"] = "IPv4";
        if (endpoints.Count > 0) slice["endpoints"] = endpoints.DeepClone();
        else slice.Remove("endpoints");
        if (ports.Count > 0) slice["ports"] = ports.DeepClone();
        else slice.Remove("ports");
    }

    /// <summary>The Endpoints ports of this pod, with the slice's empty-name convention (name "" when unnamed).</summary>
    private static JsonArray SlicePorts(JsonObject service, JsonObject pod)
    {
        var ports = new JsonArray();
        foreach (var p in EndpointsController.Ports(service, pod).OfType<JsonObject>())
        {
            var port = new JsonObject { ["name"] = (string?)p["name"] ?? "", ["port"] = p["port"]?.DeepClone(), ["protocol"] = p["protocol"]?.DeepClone() };
            if (p["appProtocol"] is { } app) port["appProtocol"] = app.DeepClone();
            ports.Add(port);
        }
        return ports;
    }

    private static JsonObject Endpoint(JsonObject pod)
    {
        var ready = PodReadiness.IsReady(pod);
        var terminating = Json.IsDeleting(pod);
        var endpoint = new JsonObject
        {
            ["addresses"] = new JsonArray((string?)pod["status"]?["podIP"]),
            ["conditions"] = new JsonObject { ["ready"] = ready && !terminating, ["serving"] = ready, ["terminating"] = terminating },
            ["targetRef"] = new JsonObject
            {
                ["kind"] = "Pod",
                ["namespace"] = Json.Namespace(pod),
                ["name"] = Json.Name(pod),
                ["uid"] = Json.Uid(pod),
            },
        };
        if ((string?)pod["spec"]?["nodeName"] is { Length: > 0 } node) endpoint["nodeName"] = node;
        return endpoint;
    }
}
