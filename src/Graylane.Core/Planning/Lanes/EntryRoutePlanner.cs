using System.Text.Json.Nodes;
using Graylane.Core.Json;
using Graylane.Core.Planning.Istio;

namespace Graylane.Core.Planning.Lanes;

/// <summary>
/// The gateway's entry route into the app: one destination per lane with a share, each going to the entry
/// service's version for that lane and setting the route header to the lane's name (tagging), so every later hop
/// follows the lane. In a user's VirtualService only this route's destinations are Graylane's.
/// </summary>
public static class EntryRoutePlanner
{
    public const string RouteName = "lanes";

    public static JsonArray Destinations(LaneModel model)
    {
        var single = model.Entry.Count == 1;
        return new JsonArray(model.Entry.Select(e =>
        {
            var d = new JsonObject
            {
                ["destination"] = new JsonObject
                {
                    ["host"] = IstioLanesPlanner.Fqdn(model.EntryService, model.Namespace),
                    ["subset"] = model.Serving(model.EntryService, e.Lane),
                },
            };
            if (!single) d["weight"] = e.Weight;
            d["headers"] = Tag(model, e.Lane);
            return (JsonNode)d;
        }).ToArray());
    }

    public static JsonObject Create(string name, string gateway, string host, LaneModel model) => new()
    {
        ["apiVersion"] = "networking.istio.io/v1",
        ["kind"] = "VirtualService",
        ["metadata"] = new JsonObject
        {
            ["name"] = name,
            ["namespace"] = gateway.Split('/')[0],
            ["labels"] = new JsonObject { [IstioLanesPlanner.GroupLabel] = model.App },
        },
        ["spec"] = new JsonObject
        {
            ["gateways"] = new JsonArray(gateway),
            ["hosts"] = new JsonArray(host),
            ["http"] = new JsonArray(new JsonObject { ["name"] = RouteName, ["route"] = Destinations(model) }),
        },
    };

    /// <summary>A developer's lane entry: requests matching go to the entry service's version for the lane, tagged with it.</summary>
    public static JsonObject DevEntry(string name, string gateway, string host, LaneModel model, string lane, JsonArray match) => new()
    {
        ["apiVersion"] = "networking.istio.io/v1",
        ["kind"] = "VirtualService",
        ["metadata"] = new JsonObject
        {
            ["name"] = name,
            ["namespace"] = gateway.Split('/')[0],
            ["labels"] = new JsonObject { [IstioLanesPlanner.GroupLabel] = model.App, ["graylane.io/lane"] = lane },
        },
        ["spec"] = new JsonObject
        {
            ["gateways"] = new JsonArray(gateway),
            ["hosts"] = new JsonArray(host),
            ["http"] = new JsonArray(new JsonObject
            {
                ["name"] = $"lane-{lane}",
                ["match"] = match,
                ["route"] = new JsonArray(new JsonObject
                {
                    ["destination"] = new JsonObject
                    {
                        ["host"] = IstioLanesPlanner.Fqdn(model.EntryService, model.Namespace),
                        ["subset"] = model.Serving(model.EntryService, lane),
                    },
                    ["headers"] = Tag(model, lane),
                }),
            }),
        },
    };

    /// <summary>The http route whose destinations all go to the entry service; -1 when there is none.</summary>
    public static int FindRoute(JsonObject vs, string entryService, string ns)
    {
        var http = Obj.Objects(vs["spec"]?["http"]).ToList();
        return http.FindIndex(r =>
        {
            var dests = Obj.Objects(r["route"]).ToList();
            return dests.Count > 0 && dests.All(d => (string?)d["destination"]?["host"] is { } h && IstioHosts.Same(h, $"{entryService}.{ns}", Obj.Namespace(vs)));
        });
    }

    /// <summary>A copy of the VirtualService with the entry route's destinations set from the model.</summary>
    public static JsonObject Apply(JsonObject vs, int index, LaneModel model)
    {
        var result = Obj.Clone(vs);
        var route = (JsonObject)((JsonArray)result["spec"]!["http"]!)[index]!;
        route["route"] = Destinations(model);
        return result;
    }

    /// <summary>The lanes the entry route sends to (by the tag it sets, else the subset) and their shares.</summary>
    public static List<LaneWeight> Read(JsonObject vs, int index, string routeHeader)
    {
        var dests = Obj.Objects(vs["spec"]?["http"]?[index]?["route"]).ToList();
        return dests.Select(d => new LaneWeight(
                (string?)d["headers"]?["request"]?["set"]?[routeHeader] ?? (string?)d["destination"]?["subset"] ?? "",
                dests.Count == 1 ? Obj.Int(d["weight"]) ?? 100 : Obj.Int(d["weight"]) ?? 0))
            .ToList();
    }

    private static JsonObject Tag(LaneModel model, string lane) =>
        new() { ["request"] = new JsonObject { ["set"] = new JsonObject { [model.RouteHeader] = lane } } };
}
