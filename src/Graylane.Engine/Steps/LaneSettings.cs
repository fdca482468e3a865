using Graylane.Core.Hosting;
using Graylane.Core.Json;
using Graylane.Core.Model;
using Graylane.Core.Planning.Lanes;
using Graylane.Core.Validation;
using Graylane.Engine.Records;
using Graylane.Engine.Routing;
using Graylane.Kubernetes;

namespace Graylane.Engine.Steps;

/// <summary>How a dev lane finds the app's lane wiring: the app's release record, else the ASM lane group, else the inputs.</summary>
internal static class LaneSettings
{
    public static async Task<(LaneRouting Settings, RouterKind Router, string VersionLabel)> ForDevLaneAsync(StepContext ctx, StepInputs inputs, string app, CancellationToken ct)
    {
        var record = (await new ReleaseStore(ctx.Kube, ctx.Namespace).OpenAsync(app, ct)).Record;
        var recorded = record?.Lanes;
        RouterKind? known = inputs.Get("router") is { } given ? RouterRegistry.Parse("router", given) : record?.Router;
        // The ASM lane group is read only where it matters, so plain-Istio lanes need no access to ASM objects (docs/rbac.yaml).
        var asmGroup = known is null or RouterKind.AsmLanes ? await AsmGroupAsync(ctx, app, ct) : null;
        var router = known ?? (asmGroup is null ? RouterKind.Lanes : RouterKind.AsmLanes);
        if (!RouterRegistry.Create(router).Capabilities.Lanes)
            throw new InvalidInputException("router", $"--router {router.Name()}: dev lanes need --router {RouterRegistry.Able(c => c.Lanes)}");
        if (record is not null && record.Router != router && recorded is not null)
            throw new InvalidInputException("router", $"app {app} uses --router {record.Router.Name()}; its lanes live in those objects");
        var flavor = LaneFlavors.Of(router);
        var services = inputs.Get("app-services") is { } list ? LaneInputs.Names("app-services", list) : recorded?.Services;
        if (services is null && flavor == LaneFlavor.Asm && asmGroup is { } group)
            services = AsmLanesPlanner.GroupServices(group, ctx.Namespace);
        string? recordedEntry = null;
        if (services is null && flavor == LaneFlavor.Istio) (services, recordedEntry) = await IstioRecordedAsync(ctx, app, ct);
        if (services is null or { Count: 0 })
            throw new InvalidInputException("app-services", $"app {app} has no lane release here yet: name its services with --app-services (entry service first), e.g. --app-services mocka,mockb,mockc");
        var entry = inputs.Get("entry-service") is { } es ? KubeNames.DnsLabel("entry-service", es) : recorded?.EntryService ?? recordedEntry ?? services[0];
        if (!services.Contains(entry))
            throw new InvalidInputException("entry-service", $"--entry-service {entry} is not one of the app's services ({string.Join(", ", services)})");
        var settings = new LaneRouting
        {
            Flavor = flavor,
            Services = services,
            EntryService = entry,
            RouteHeader = recorded?.RouteHeader ?? LaneInputs.Header("route-header", inputs.Require("route-header")),
            TraceHeader = recorded?.TraceHeader ?? "baggage",
            Gateway = LaneInputs.Gateway("gateway", inputs.Require("gateway")),
            Host = RouteSelectionInputs.Host(inputs.Get("host") ?? "*"),
            GatewayVirtualService = "", // a dev lane never touches the release's entry route
        };
        var versionLabel = record?.VersionLabel ?? KubeNames.LabelKey("version-label", inputs.Require("version-label"));
        return (settings, router, versionLabel);
    }

    /// <summary>The app's ASMSwimLaneGroup; none where ASM is not installed or this identity may not read it (then the app is plain Istio).</summary>
    private static async Task<System.Text.Json.Nodes.JsonObject?> AsmGroupAsync(StepContext ctx, string app, CancellationToken ct)
    {
        try
        {
            return await ctx.Kube.GetCachedAsync(KubeResource.AsmSwimLaneGroups, null, app, ct);
        }
        catch (KubeApiException ex) when (ex.Status == System.Net.HttpStatusCode.Forbidden)
        {
            return null;
        }
    }

    /// <summary>Plain Istio: Graylane's per-service objects carry the app's services (in order) and its entry service.</summary>
    public static async Task<(List<string>? Services, string? Entry)> IstioRecordedAsync(StepContext ctx, string app, CancellationToken ct)
    {
        var tagged = await ctx.Kube.ListItemsAsync(KubeResource.VirtualServices, ctx.Namespace, $"{IstioLanesPlanner.GroupLabel}={app}", ct: ct);
        if (tagged.Select(v => Obj.Annotation(v, IstioLanesPlanner.ServicesAnnotation)).FirstOrDefault(a => a is not null) is not { } known) return (null, null);
        return (LaneInputs.Names("app-services", known), tagged.Select(v => Obj.Annotation(v, IstioLanesPlanner.EntryAnnotation)).FirstOrDefault(a => a is not null));
    }

    public static IReadOnlyList<StepInput> Inputs { get; } =
    [
        .. CommonInputs.Connection,
        new("app", "The app whose lanes the dev lane joins.", Required: true),
        new("name", "The lane: the version label value of its pods and the suffix of its Deployments (e.g. dev-alice).", Required: true),
        new("router", "lanes (plain Istio) or asm-lanes. Default: the app's last release's router, else asm-lanes when an ASMSwimLaneGroup named after the app exists, else lanes."),
        new("gateway", "The (dev) ingress gateway the lane is reached through (namespace/name).", Default: "istio-system/ingressgateway"),
        new("host", "Host the lane's entry route serves.", Default: "*"),
        new("app-services", "Every service of the app, entry service first, when no lane release recorded them (e.g. mocka,mockb,mockc)."),
        new("entry-service", "The service requests enter through. Default: as recorded, else the first of --app-services."),
        new("route-header", "The request header carrying the lane tag, when no lane release recorded it.", Default: "version"),
        new("version-label", "Label key that tells versions apart, when no lane release recorded it.", Default: "version"),
        new("virtual-service", "Name of the lane's entry VirtualService in the gateway's namespace. Default: graylane-<app>-lane-<name>."),
    ];
}
