using System.Text.Json.Nodes;
using Graylane.Core.Json;
using Graylane.Core.Planning;
using Graylane.Core.Planning.Istio;
using Graylane.Core.Planning.Lanes;
using Graylane.Core.Validation;
using Graylane.Engine.Routing;
using Graylane.Engine.Routing.Lanes;
using Graylane.Engine.Workloads;
using Graylane.Kubernetes;

namespace Graylane.Engine.Steps;

/// <summary>
/// lane create: a developer's lane (scenario S3, dev-alice) — a Deployment of each named service at the lane's version,
/// the lane in the app's lane objects, and an entry route on the (dev) gateway that catches the --match requests, sends
/// them to the entry service's version for the lane (its baseline when the lane lacks it, as for dev-caros) and tags
/// them, so every later hop picks the lane or falls back to its baseline. Re-running it writes nothing new.
/// </summary>
public static class LaneCreateStep
{
    public static StepDefinition Definition { get; } = new("lane-create",
        "Create a dev lane: the named services at the lane's version, everything else from the baselines, reached by --match.",
        [
            .. LaneSettings.Inputs,
            new("services", "The services deployed in the lane with their images: service=image,...", Required: true),
            new("match", "Requests entering the lane: header:name=value (also ^= prefix, ~ regex), query:..., cookie:...; rules joined with , are ANDed; repeat for OR.", Repeatable: true),
            CommonInputs.Timeout,
        ],
        [("lane", "The lane name."), ("workloads", "The lane's Deployments.")],
        RunAsync);

    private static async Task RunAsync(StepContext ctx, Core.Hosting.StepInputs inputs, string app, CancellationToken ct)
    {
        var lane = LaneInputs.Lane("name", inputs.Require("name"));
        var changes = LaneInputs.ServiceImages("services", inputs.Require("services"));
        var matches = inputs.List("match");
        if (matches.Count == 0)
            throw new InvalidInputException("match", "a dev lane needs --match (e.g. header:alice-dev=true): without one its entry route would take every request at the gateway");
        var match = IstioMatch.Entries(matches.Select(MatchParser.Parse).ToList());
        var timeout = inputs.Duration("timeout");
        var (settings, _, versionLabel) = await LaneSettings.ForDevLaneAsync(ctx, inputs, app, ct);
        using var group = ctx.Host.Group($"lane create: {lane} ({app})");

        var wiring = new LaneWiring(ctx, settings, app, versionLabel);
        var live = await wiring.ReadAsync(null, ct);
        var desired = LaneChanges.AddLane(live.Model, lane, changes.Select(c => c.Service));
        foreach (var (s, _) in changes)
            if (live.Model.Baselines[s] == lane)
                throw new InvalidInputException("name", $"{lane} is {s}'s baseline; a dev lane needs a name of its own");
        var deployments = await ctx.Kube.ListItemsAsync(KubeResource.Deployments, ctx.Namespace, ct: ct);
        var planned = new List<JsonObject>();
        foreach (var (s, image) in changes)
        {
            var versions = await LaneWorkloads.VersionsAsync(ctx, s, versionLabel, deployments, ct);
            var baseline = versions.GetValueOrDefault(live.Model.Baselines[s])
                ?? throw new InvalidInputException("services", $"{s}'s baseline {live.Model.Baselines[s]} has no Deployment behind Service {s} to copy");
            planned.Add(LaneDeploymentPlanner.Plan(baseline, app, lane, versionLabel, image));
        }

        // Workloads first, so the lane's routes never point at a subset without pods; then the lane; then its entry.
        foreach (var d in planned)
            await PutDeploymentAsync(ctx, app, lane, d, ct);
        await wiring.WriteAsync(live, desired, null, ct);
        var vsName = inputs.Get("virtual-service") is { } n ? KubeNames.DnsSubdomain("virtual-service", n) : $"graylane-{app}-lane-{lane}";
        var entry = EntryRoutePlanner.DevEntry(vsName, settings.Gateway, settings.Host, desired, lane, match);
        await PutEntryAsync(ctx, settings.Gateway.Split('/')[0], entry, ct);
        foreach (var d in planned)
        {
            var result = await RolloutWaiter.WaitAsync(ctx, Obj.Name(d), timeout, ct);
            if (!result.Ready)
                throw new StepFailedException($"lane {lane}: Deployment {Obj.Name(d)} did not become ready: {result.Message}. {string.Join("; ", result.Reasons)}");
        }
        ctx.Info($"Lane {lane}: {string.Join(", ", desired.Services.Select(s => $"{s}({desired.Serving(s, lane)})"))} — requests matching {string.Join(" OR ", matches)} at {settings.Gateway}");
        ctx.Host.SetOutput("lane", lane);
        ctx.Host.SetOutput("workloads", string.Join(",", planned.Select(Obj.Name)));
    }

    private static async Task PutDeploymentAsync(StepContext ctx, string app, string lane, JsonObject planned, CancellationToken ct)
    {
        var name = Obj.Name(planned);
        var live = await ctx.Kube.GetCachedAsync(KubeResource.Deployments, ctx.Namespace, name, ct);
        if (live is null)
        {
            await ObjectWriter.CreateAsync(ctx.Kube, KubeResource.Deployments, ctx.Namespace, planned, ct);
            ctx.Info($"Created Deployment {name}");
            return;
        }
        if (Obj.Annotation(live, GrayDeploymentPlanner.AppAnnotation) != app || Obj.Annotation(live, GrayDeploymentPlanner.VersionAnnotation) != lane)
            throw new InvalidInputException("name", $"Deployment {name} already exists and is not lane {lane}'s; choose another --name");
        var (_, written) = await ObjectWriter.UpdateAsync(ctx.Kube, KubeResource.Deployments, ctx.Namespace, name, d => d["spec"] = planned["spec"]!.DeepClone(), ct);
        ctx.Info(written ? $"Updated Deployment {name}" : $"Deployment {name} already in place");
    }

    private static async Task PutEntryAsync(StepContext ctx, string ns, JsonObject entry, CancellationToken ct)
    {
        var name = Obj.Name(entry);
        var live = await ctx.Kube.GetCachedAsync(KubeResource.VirtualServices, ns, name, ct);
        if (live is null)
        {
            await ObjectWriter.CreateAsync(ctx.Kube, KubeResource.VirtualServices, ns, entry, ct);
            ctx.Info($"Created VirtualService {ns}/{name}");
            return;
        }
        var (_, written) = await ObjectWriter.UpdateAsync(ctx.Kube, KubeResource.VirtualServices, ns, name, v =>
        {
            v["spec"] = entry["spec"]!.DeepClone();
            foreach (var (k, val) in Obj.Labels(entry)) Obj.SetLabel(v, k, val);
        }, ct);
        ctx.Info(written ? $"Updated VirtualService {ns}/{name}" : $"VirtualService {ns}/{name} already in place");
    }
}
