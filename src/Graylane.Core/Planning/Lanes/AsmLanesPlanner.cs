using System.Text.Json.Nodes;
using Graylane.Core.Json;

namespace Graylane.Core.Planning.Lanes;

/// <summary>
/// Lanes as Alibaba ASM objects (istio.alibabacloud.com/v1, cluster-scoped): an ASMSwimLaneGroup named after the app
/// in permissive mode (routeHeader, traceHeader, per-service baseline in serviceLevelFallback) and one ASMSwimLane
/// per lane, labelled swimlane-group: &lt;app&gt;, listing only the services deployed in it. A user's own group keeps
/// every field Graylane does not manage (cluster ids, patches, the fallback field's spelling).
/// </summary>
public static class AsmLanesPlanner
{
    public const string ApiVersion = "istio.alibabacloud.com/v1";
    public const string GroupLabel = "swimlane-group";
    private const string SeedFallbackField = "serviceLevelFallback";
    private const string ApiFallbackField = "serviceLevelFallbackTarget";

    public static JsonObject Group(LaneModel model, string gateway, string traceHeader, JsonObject? live)
    {
        var group = live is null
            ? new JsonObject
            {
                ["apiVersion"] = ApiVersion,
                ["kind"] = "ASMSwimLaneGroup",
                ["metadata"] = new JsonObject { ["name"] = model.App },
                ["spec"] = new JsonObject
                {
                    ["ingress"] = new JsonObject
                    {
                        ["gateway"] = new JsonObject { ["name"] = gateway.Split('/')[1], ["namespace"] = gateway.Split('/')[0], ["type"] = "ASM" },
                    },
                    ["isPermissive"] = true,
                    ["permissiveModeConfiguration"] = new JsonObject { ["routeHeader"] = model.RouteHeader, ["traceHeader"] = traceHeader },
                    ["services"] = new JsonArray(),
                },
            }
            : Obj.Clone(live);
        var spec = Obj.Child(group, "spec");
        var config = Obj.Child(spec, "permissiveModeConfiguration");
        var field = config[ApiFallbackField] is not null && config[SeedFallbackField] is null ? ApiFallbackField : SeedFallbackField;
        var fallback = Obj.Child(config, field);
        foreach (var s in model.Services) fallback[$"{model.Namespace}/{s}"] = model.Baselines[s];
        var services = spec["services"] as JsonArray ?? (JsonArray)(spec["services"] = new JsonArray());
        foreach (var s in model.Services.Where(s => !Obj.Objects(services).Any(r => Is(r, s, model.Namespace))))
            services.Add((JsonNode)new JsonObject { ["name"] = s, ["namespace"] = model.Namespace });
        return group;
    }

    public static JsonObject Lane(LaneModel model, string lane, JsonObject? live)
    {
        var obj = live is null
            ? new JsonObject
            {
                ["apiVersion"] = ApiVersion,
                ["kind"] = "ASMSwimLane",
                ["metadata"] = new JsonObject { ["name"] = lane, ["labels"] = new JsonObject { [GroupLabel] = model.App } },
                ["spec"] = new JsonObject { ["labelSelector"] = new JsonObject { [model.VersionLabel] = lane } },
            }
            : Obj.Clone(live);
        var spec = Obj.Child(obj, "spec");
        var old = Obj.Objects(spec["services"]).ToList();
        // Services of other namespaces or apps listed by the user stay; the app's own follow the model.
        var kept = old.Where(r => !model.Services.Any(s => Is(r, s, model.Namespace)))
            .Concat(model.Lanes[lane].Select(s => old.FirstOrDefault(r => Is(r, s, model.Namespace))
                ?? new JsonObject { ["name"] = s, ["namespace"] = model.Namespace }))
            .Select(n => n.DeepClone()).ToArray();
        spec["services"] = new JsonArray(kept);
        return obj;
    }

    /// <summary>The model as the group and its lanes say; null when the group names no baseline for some service.</summary>
    public static LaneModel? Read(string app, string ns, IReadOnlyList<string> services, string entry, string versionLabel,
        JsonObject group, IEnumerable<JsonObject> lanes)
    {
        var config = group["spec"]?["permissiveModeConfiguration"];
        var fallback = Obj.StringMap(config?[SeedFallbackField]);
        foreach (var (k, v) in Obj.StringMap(config?[ApiFallbackField])) fallback[k] = v;
        var model = new LaneModel
        {
            App = app, Namespace = ns, Services = services, EntryService = entry, VersionLabel = versionLabel,
            RouteHeader = (string?)config?["routeHeader"] ?? "x-asm-prefer-tag",
        };
        foreach (var s in services)
        {
            if (!fallback.TryGetValue($"{ns}/{s}", out var baseline)) return null;
            model.Baselines[s] = baseline;
        }
        foreach (var lane in lanes)
            foreach (var s in services.Where(s => Obj.Objects(lane["spec"]?["services"]).Any(r => Is(r, s, ns))))
                model.AddMember(Obj.Name(lane), s);
        return model;
    }

    /// <summary>Service names listed in a group's spec.services for the namespace, in order.</summary>
    public static List<string> GroupServices(JsonObject group, string ns) =>
        Obj.Objects(group["spec"]?["services"]).Where(r => ((string?)r["namespace"] ?? "default") == ns)
            .Select(r => (string?)r["name"]).OfType<string>().ToList();

    private static bool Is(JsonObject reference, string service, string ns) =>
        (string?)reference["name"] == service && ((string?)reference["namespace"] ?? "default") == ns;
}
