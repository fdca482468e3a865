using Graylane.Core.Json;
using Graylane.Core.Planning;
using Graylane.Core.Planning.Lanes;
using Graylane.Core.Validation;
using Graylane.Engine.Routing;
using Graylane.Engine.Routing.Lanes;
using Graylane.Engine.Workloads;
using Graylane.Kubernetes;

namespace Graylane.Engine.Steps;

/// <summary>
/// lane delete: removes a dev lane — its entry route first (no new requests enter), then the lane from the app's lane
/// objects, then its Deployments. A lane that is some service's baseline is refused (only promote moves baselines).
/// </summary>
public static class LaneDeleteStep
{
    public static StepDefinition Definition { get; } = new("lane-delete",
        "Delete a dev lane: its entry route, its lane objects and its Deployments.",
        LaneSettings.Inputs,
        [("lane", "The lane name.")],
        RunAsync);

    private static async Task RunAsync(StepContext ctx, Core.Hosting.StepInputs inputs, string app, CancellationToken ct)
    {
        var lane = LaneInputs.Lane("name", inputs.Require("name"));
        var (settings, _, versionLabel) = await LaneSettings.ForDevLaneAsync(ctx, inputs, app, ct);
        using var group = ctx.Host.Group($"lane delete: {lane} ({app})");
        var wiring = new LaneWiring(ctx, settings, app, versionLabel);
        var live = await wiring.ReadAsync(null, ct);
        if (live.Model.Baselines.Where(b => b.Value == lane).Select(b => b.Key).ToList() is { Count: > 0 } based)
            throw new InvalidInputException("name", $"lane {lane} is the baseline of {string.Join(", ", based)}; only a release (promote) moves baselines");

        var gatewayNs = settings.Gateway.Split('/')[0];
        var vsName = inputs.Get("virtual-service") is { } n ? KubeNames.DnsSubdomain("virtual-service", n) : $"graylane-{app}-lane-{lane}";
        if (await ctx.Kube.DeleteAsync(KubeResource.VirtualServices, gatewayNs, vsName, null, ct))
            ctx.Info($"Deleted VirtualService {gatewayNs}/{vsName}");
        var members = live.Model.Lanes.GetValueOrDefault(lane)?.ToList() ?? [];
        if (live.Existed && members.Count > 0)
            await wiring.WriteAsync(live, LaneChanges.RemoveLane(live.Model, lane), null, ct);
        foreach (var d in await ctx.Kube.ListItemsAsync(KubeResource.Deployments, ctx.Namespace, ct: ct))
            if (Obj.Annotation(d, GrayDeploymentPlanner.AppAnnotation) == app && Obj.Annotation(d, GrayDeploymentPlanner.VersionAnnotation) == lane
                && await ObjectWriter.DeleteAsync(ctx.Kube, KubeResource.Deployments, ctx.Namespace, Obj.Name(d), null, ct))
                ctx.Info($"Deleted Deployment {Obj.Name(d)}");
        ctx.Info(members.Count == 0 ? $"Lane {lane} of {app} is gone" : $"Lane {lane} ({string.Join(", ", members)}) deleted; its requests go to the baselines");
        ctx.Host.SetOutput("lane", lane);
    }
}
