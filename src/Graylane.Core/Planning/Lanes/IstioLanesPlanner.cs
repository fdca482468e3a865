using System.Text.Json.Nodes;
using Graylane.Core.Json;

namespace Graylane.Core.Planning.Lanes;

/// <summary>
/// Lanes in plain Istio. Per service a DestinationRule with a subset per lane holding the service, and a
/// VirtualService whose route "lane-&lt;lane&gt;" sends requests tagged for that lane to its subset; everything else
/// (untagged, other lanes) takes the last route, "baseline". Both are Graylane's own objects, named graylane-&lt;service&gt;.
/// </summary>
public static class IstioLanesPlanner
{
    public const string GroupLabel = "graylane.io/lane-group";
    public const string BaselineRoute = "baseline";
    public const string LaneRoutePrefix = "lane-";
    /// <summary>On each object: the app's services in order and its entry, so later steps (a dev lane) need not be told again.</summary>
    public const string ServicesAnnotation = "graylane.io/app-services";
    public const string EntryAnnotation = "graylane.io/entry-service";

    public static string ObjectName(string service) => $"graylane-{service}";

    public static string Fqdn(string service, string ns) => $"{service}.{ns}.svc.cluster.local";

    public static JsonObject VirtualService(LaneModel model, string service)
    {
        var http = new JsonArray();
        var baseline = model.Baselines[service];
        foreach (var lane in model.LanesOf(service).Where(l => l != baseline))
            http.Add((JsonNode)new JsonObject
            {
                ["name"] = LaneRoutePrefix + lane,
                ["match"] = new JsonArray(new JsonObject
                {
                    ["headers"] = new JsonObject { [model.RouteHeader] = new JsonObject { ["exact"] = lane } },
                }),
                ["route"] = new JsonArray(Destination(service, lane)),
            });
        http.Add((JsonNode)new JsonObject { ["name"] = BaselineRoute, ["route"] = new JsonArray(Destination(service, baseline)) });
        return new JsonObject
        {
            ["apiVersion"] = "networking.istio.io/v1",
            ["kind"] = "VirtualService",
            ["metadata"] = Metadata(model, service),
            ["spec"] = new JsonObject { ["hosts"] = new JsonArray(service), ["http"] = http },
        };
    }

    /// <summary>Subsets for every lane holding the service, plus extra ones still referenced while routes move.</summary>
    public static JsonObject DestinationRule(LaneModel model, string service, IEnumerable<string>? extraSubsets = null)
    {
        var subsets = new SortedSet<string>(model.LanesOf(service), StringComparer.Ordinal);
        foreach (var s in extraSubsets ?? []) subsets.Add(s);
        return new JsonObject
        {
            ["apiVersion"] = "networking.istio.io/v1",
            ["kind"] = "DestinationRule",
            ["metadata"] = Metadata(model, service),
            ["spec"] = new JsonObject
            {
                ["host"] = Fqdn(service, model.Namespace),
                ["subsets"] = new JsonArray(subsets.Select(s => (JsonNode)new JsonObject
                {
                    ["name"] = s,
                    ["labels"] = new JsonObject { [model.VersionLabel] = s },
                }).ToArray()),
            },
        };
    }

    /// <summary>Subset names a DestinationRule has now.</summary>
    public static IEnumerable<string> Subsets(JsonObject? dr) =>
        Obj.Objects(dr?["spec"]?["subsets"]).Select(s => (string?)s["name"]).OfType<string>();

    /// <summary>Reads one service's baseline and lanes from its VirtualService into the model; false when it is not Graylane's lane shape.</summary>
    public static bool Read(LaneModel model, string service, JsonObject vs)
    {
        var routes = Obj.Objects(vs["spec"]?["http"]).ToList();
        var baseline = routes.FirstOrDefault(r => (string?)r["name"] == BaselineRoute);
        if ((string?)baseline?["route"]?[0]?["destination"]?["subset"] is not { } baseLane) return false;
        model.Baselines[service] = baseLane;
        model.AddMember(baseLane, service);
        foreach (var r in routes)
            if ((string?)r["name"] is { } name && name.StartsWith(LaneRoutePrefix, StringComparison.Ordinal))
                model.AddMember(name[LaneRoutePrefix.Length..], service);
        return true;
    }

    private static JsonObject Destination(string service, string subset) =>
        new() { ["destination"] = new JsonObject { ["host"] = service, ["subset"] = subset } };

    private static JsonObject Metadata(LaneModel model, string service) => new()
    {
        ["name"] = ObjectName(service),
        ["namespace"] = model.Namespace,
        ["labels"] = new JsonObject { [GroupLabel] = model.App },
        ["annotations"] = new JsonObject { [ServicesAnnotation] = string.Join(",", model.Services), [EntryAnnotation] = model.EntryService },
    };
}
