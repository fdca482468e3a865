using System.Text.Json.Nodes;
using Graylane.Core.Hosting;
using Graylane.Core.Json;
using Graylane.Core.Manifests;
using Graylane.Core.Model;
using Graylane.Core.Planning;
using Graylane.Core.Planning.Lanes;
using Graylane.Core.Validation;
using Graylane.Engine.Records;
using Graylane.Engine.Reporting;
using Graylane.Engine.Routing;
using Graylane.Engine.Routing.Lanes;
using Graylane.Engine.Workloads;
using Graylane.Kubernetes;

namespace Graylane.Engine.Steps;

/// <summary>
/// deploy-gray with --router lanes|asm-lanes: one release for the app, a new lane named after --version holding a
/// Deployment for each service in --services (a copy of its baseline with the new image); every other service of the
/// app serves the lane from its baseline. The gateway keeps all traffic on the current lane until shift-traffic.
/// </summary>
public static class LaneDeployGray
{
    public static IReadOnlyList<StepInput> Inputs { get; } =
    [
        new("services", "Lane routers: the services this release changes, with their new images: service=image,... (e.g. mocka=shop/mock:v2,mockc=shop/mock:v2)."),
        new("app-services", "Lane routers: every service of the app, entry service first (e.g. mocka,mockb,mockc). Default: as the last release (or the ASM lane group) recorded."),
        new("entry-service", "Lane routers: the service the gateway sends requests to. Default: the first of --app-services."),
        new("route-header", "Lane routers: the request header carrying the lane tag.", Default: "version"),
        new("trace-header", "asm-lanes: how the tag travels along the call chain (ASM traceHeader).", Default: "baggage"),
        new("baselines", "Lane routers, first release: each service's baseline version when its Service selects several (service=version,...)."),
    ];

    public static async Task RunAsync(StepContext ctx, StepInputs inputs, string app, ITrafficRouter router, CancellationToken ct)
    {
        var versionLabel = KubeNames.LabelKey("version-label", inputs.Require("version-label"));
        var changes = inputs.Get("services") is { } sv ? LaneInputs.ServiceImages("services", sv)
            : inputs.Get("service") is { } single && inputs.Get("image") is { } oneImage ? [(KubeNames.DnsLabel("service", single), ImageReference.Validate("image", oneImage))]
            : null;
        var givenVersion = inputs.Get("version") is { } v ? LaneInputs.Lane("version", v) : null;
        int? replicas = inputs.Get("replicas") is { } r ? Numbers.NonNegative("replicas", r, 1000) : null;
        var timeout = inputs.Duration("timeout");
        var baselinesGiven = LaneInputs.Versions("baselines", inputs.Get("baselines"));
        var manifests = inputs.Get("manifests") is not null ? LaneManifests.Load(ctx, inputs) : null;
        if (manifests is not null) changes = null; // derived from the manifests below

        using var group = ctx.Host.Group($"deploy-gray: {app} (lanes)");
        if (await ctx.Kube.GetCachedAsync(KubeResource.Namespaces, null, ctx.Namespace, ct) is null)
            throw new InvalidInputException("namespace", $"namespace {ctx.Namespace} not found in the cluster");
        await using var session = await new ReleaseStore(ctx.Kube, ctx.Namespace).OpenAsync(app, ct);
        var existing = session.Record;
        var version = givenVersion ?? (existing is { } e && e.Phase.InProgress() ? e.GrayVersion : ctx.Time.GetUtcNow().UtcDateTime.ToString("yyyyMMddHHmmss"));
        ReleaseRules.EnsureCanDeploy(existing, version);
        if (existing is not null && existing.Phase.InProgress() && existing.Phase != ReleasePhase.Deploying)
        {
            ctx.Info($"Release {app} {version} is already deployed ({existing.Phase}); nothing to do");
            await WaitAllAsync(ctx, existing, timeout, ct, restoreOnFailure: false, session);
            await ReportAsync(ctx, existing, router, ct);
            return;
        }
        if (changes is null && manifests is null)
            throw new InvalidInputException("services", "deploy-gray with lanes needs --services service=image,... (the services this release changes), or --manifests");

        var settings = await SettingsAsync(ctx, inputs, app, router, existing, ct);
        foreach (var (s, _) in changes ?? [])
            if (!settings.Services.Contains(s))
                throw new InvalidInputException("services", $"{s} is not a service of app {app} ({string.Join(", ", settings.Services)}); add it to --app-services");
        foreach (var s in settings.Services) await LaneWorkloads.ServiceAsync(ctx, s, "app-services", ct);
        foreach (var (s, b) in baselinesGiven)
            if (!settings.Services.Contains(s)) throw new InvalidInputException("baselines", $"{s} is not a service of app {app} ({string.Join(", ", settings.Services)})");
        settings.InitialBaselines = baselinesGiven;

        // The lanes as they are decide each changed service's baseline Deployment (and refuse what cannot work).
        var live = await new LaneWiring(ctx, settings, app, versionLabel).ReadAsync(baselinesGiven, ct);
        var deployments = await ctx.Kube.ListItemsAsync(KubeResource.Deployments, ctx.Namespace, ct: ct);
        Dictionary<string, JsonObject>? sources = null;
        if (manifests is not null)
        {
            var derived = await LaneManifests.DeriveAsync(ctx, manifests, settings.Services, live.Model.Baselines, versionLabel, deployments, ct);
            if (derived.Count == 0)
            {
                ctx.Info("Nothing to release: every service's pod template in the manifests matches its baseline");
                ctx.Host.SetOutput("app", app);
                ctx.Host.SetOutput("phase", existing?.Phase.ToString() ?? "");
                return;
            }
            foreach (var d in derived)
            {
                ctx.Info($"{d.Service} changes (lane {version} gets a Deployment for it):");
                foreach (var line in DiffText.Lines(d.Diff)) ctx.Info("  " + line);
            }
            changes = derived.Select(d => (d.Service, d.Image)).ToList();
            sources = derived.ToDictionary(d => d.Service, d => d.Source);
            ctx.Info($"Derived --services {string.Join(",", changes.Select(c => $"{c.Service}={c.Image}"))}; " +
                     $"{string.Join(", ", settings.Services.Except(sources.Keys))} unchanged (they fall back to their baselines)");
        }
        settings.ChangedServices = changes!.Select(c => c.Item1).ToList();
        foreach (var (s, b) in baselinesGiven)
            if (live.Existed && live.Model.Baselines[s] != b)
                throw new InvalidInputException("baselines", $"{s}'s baseline is already {live.Model.Baselines[s]} in the app's lanes; --baselines only applies before the first lane release");
        var workloads = new List<(WorkloadRelease Release, JsonObject Gray)>();
        foreach (var (s, image) in changes!)
        {
            // From --manifests: the lane runs the manifests' pod spec (planned from the baseline, so names and labels follow it).
            var baseline = live.Model.Baselines[s];
            if (baseline == version)
                throw new InvalidInputException("version", $"--version {version} is {s}'s baseline already; choose a new version");
            var versions = await LaneWorkloads.VersionsAsync(ctx, s, versionLabel, deployments, ct);
            var baseDeployment = versions.GetValueOrDefault(baseline)
                ?? throw new InvalidInputException("services", $"{s} falls back to {baseline}, but no Deployment behind Service {s} runs {versionLabel}={baseline}");
            var gray = LaneDeploymentPlanner.Plan(sources?.GetValueOrDefault(s) ?? baseDeployment, app, version, versionLabel, image, replicas);
            workloads.Add((new WorkloadRelease
            {
                Service = s,
                BaselineWorkload = Obj.Name(baseDeployment),
                GrayWorkload = Obj.Name(gray),
                GrayCreated = true,
                Images = new Dictionary<string, string>(StringComparer.Ordinal) { [SingleContainer(gray)] = image },
                BaseName = GrayDeploymentPlanner.BaseNameOf(baseDeployment, versionLabel),
                BaselineSelector = new() { [versionLabel] = baseline },
                GraySelector = new() { [versionLabel] = version },
            }, gray));
        }
        var fromLane = live.Model.Entry.OrderByDescending(w => w.Weight).Select(w => w.Lane).FirstOrDefault() ?? live.Model.Baselines[settings.EntryService];

        await session.LockAsync(ctx, ct);
        var resuming = existing is { Phase: ReleasePhase.Deploying };
        if (!resuming)
        {
            session.Begin(new ReleaseRecord
            {
                App = app, Namespace = ctx.Namespace, Router = router.Kind, Phase = ReleasePhase.Deploying, VersionLabel = versionLabel,
                BaselineVersion = fromLane, GrayVersion = version, StartedBy = ctx.Host.Identity.ToString(), StartedAt = ctx.Time.GetUtcNow(),
                Workloads = workloads.Select(w => w.Release).ToList(), Lanes = settings,
            }, ctx.Time.GetUtcNow());
            session.AddHistory("deploy-gray", ctx.Host.Identity, ctx.Time.GetUtcNow(),
                $"started lane {version} with {string.Join(", ", settings.ChangedServices)}; gateway on lane {fromLane}");
            ctx.Info($"Release {app}: lane {version} holds {string.Join(", ", changes.Select(c => $"{c.Item1} ({c.Item2})"))}; " +
                     $"{string.Join(", ", settings.Services.Except(settings.ChangedServices))} fall back to their baselines");
        }
        var record = session.Current;
        await router.PrepareAsync(ctx, session, PrepareRequest.None, ct);

        foreach (var (wl, gray) in workloads)
        {
            if (await ctx.Kube.GetCachedAsync(KubeResource.Deployments, ctx.Namespace, wl.GrayWorkload, ct) is { } found)
            {
                if (Obj.Annotation(found, GrayDeploymentPlanner.AppAnnotation) != app || Obj.Annotation(found, GrayDeploymentPlanner.VersionAnnotation) != version)
                    throw new InvalidInputException("version", $"Deployment {wl.GrayWorkload} already exists and was not created by this release; choose another --version");
                ctx.Info($"Deployment {wl.GrayWorkload} already in place");
                continue;
            }
            await session.SnapshotAsync(KubeResource.Deployments, wl.GrayWorkload, null, ct);
            await ObjectWriter.CreateAsync(ctx.Kube, KubeResource.Deployments, ctx.Namespace, gray, ct);
            ctx.Info($"Created Deployment {wl.GrayWorkload} ({versionLabel}={version})");
        }
        await WaitAllAsync(ctx, record, timeout, ct, restoreOnFailure: !inputs.Flag("keep-on-failure"), session);
        record.Phase = ReleasePhase.GrayReady;
        session.AddHistory("deploy-gray", ctx.Host.Identity, ctx.Time.GetUtcNow(), $"lane {version} ready ({string.Join(", ", record.Workloads.Select(w => w.GrayWorkload))}), no traffic");
        await session.SaveAsync(ct);
        ctx.Info($"Lane {version} is ready and takes no traffic");
        await ReportAsync(ctx, record, router, ct);
    }

    /// <summary>The lane wiring: the previous release's when there is one, else from the inputs (and an ASM lane group the user made).</summary>
    private static async Task<LaneRouting> SettingsAsync(StepContext ctx, StepInputs inputs, string app, ITrafficRouter router, ReleaseRecord? existing, CancellationToken ct)
    {
        var flavor = LaneFlavors.Of(router.Kind);
        var previous = existing?.Lanes;
        if (previous is not null && previous.Flavor != flavor)
            throw new InvalidInputException("router", $"app {app} uses --router {LaneFlavors.Router(previous.Flavor).Name()}; keep it (its lanes live in those objects)");
        var services = inputs.Get("app-services") is { } list ? LaneInputs.Names("app-services", list) : previous?.Services;
        if (services is null && flavor == LaneFlavor.Asm && await ctx.Kube.GetCachedAsync(KubeResource.AsmSwimLaneGroups, null, app, ct) is { } group)
            services = AsmLanesPlanner.GroupServices(group, ctx.Namespace);
        string? recordedEntry = null;
        if (services is null && flavor == LaneFlavor.Istio) (services, recordedEntry) = await LaneSettings.IstioRecordedAsync(ctx, app, ct);
        if (services is null or { Count: 0 })
            throw new InvalidInputException("app-services", $"name every service of app {app} once with --app-services (entry service first), e.g. --app-services mocka,mockb,mockc");
        var entry = inputs.Get("entry-service") is { } es ? KubeNames.DnsLabel("entry-service", es) : previous?.EntryService ?? recordedEntry ?? services[0];
        if (!services.Contains(entry))
            throw new InvalidInputException("entry-service", $"--entry-service {entry} is not one of the app's services ({string.Join(", ", services)})");
        var gateway = inputs.Get("gateway") is { } gw ? LaneInputs.Gateway("gateway", gw) : previous?.Gateway ?? "istio-system/ingressgateway";
        var settings = new LaneRouting
        {
            Flavor = flavor,
            Services = services,
            EntryService = entry,
            // The route header is fixed by the app's first lane release: every lane object carries it.
            RouteHeader = previous?.RouteHeader ?? LaneInputs.Header("route-header", inputs.Require("route-header")),
            TraceHeader = inputs.Get("trace-header") is { } th ? LaneInputs.Header("trace-header", th) : previous?.TraceHeader ?? "baggage",
            Gateway = gateway,
            Host = inputs.Get("host") is { } h ? RouteSelectionInputs.Host(h) : previous?.Host ?? "*",
            GatewayVirtualService = inputs.Get("virtual-service") is { } vs ? KubeNames.DnsSubdomain("virtual-service", vs) : previous?.GatewayVirtualService ?? "",
        };
        if (settings.GatewayVirtualService.Length == 0)
        {
            // A VirtualService bound to the gateway with a route to the entry service is the user's entry: manage that route.
            var ns = gateway.Split('/')[0];
            var bound = (await ctx.Kube.ListItemsAsync(KubeResource.VirtualServices, ns, ct: ct))
                .Where(v => (v["spec"]?["gateways"] as JsonArray)?.Any(g => (string?)g == gateway || (string?)g == gateway.Split('/')[1]) == true)
                .Where(v => EntryRoutePlanner.FindRoute(v, entry, ctx.Namespace) >= 0).ToList();
            if (bound.Count > 1)
                throw new InvalidInputException("virtual-service", $"several VirtualServices on {gateway} route to {entry} ({string.Join(", ", bound.Select(Obj.Name))}); choose one with --virtual-service");
            settings.GatewayVirtualService = bound.Count == 1 ? Obj.Name(bound[0]) : $"graylane-{app}-entry";
        }
        return settings;
    }

    private static async Task WaitAllAsync(StepContext ctx, ReleaseRecord record, TimeSpan timeout, CancellationToken ct, bool restoreOnFailure, ReleaseSession session)
    {
        foreach (var wl in record.Workloads)
        {
            var result = await RolloutWaiter.WaitAsync(ctx, wl.GrayWorkload, timeout, ct);
            if (result.Ready) continue;
            var why = result.Reasons.Count > 0 ? string.Join("; ", result.Reasons) : result.Message;
            if (record.Phase != ReleasePhase.Deploying)
                throw new StepFailedException($"gray Deployment {wl.GrayWorkload} is not ready: {result.Message}. {why}");
            foreach (var reason in result.Reasons) ctx.Host.Error($"[deploy-gray] {reason}");
            if (restoreOnFailure)
            {
                ctx.Info("Removing the lane and its Deployments and restoring what deploy-gray changed (use --keep-on-failure to keep them)");
                await SnapshotRestorer.RestoreAllAsync(ctx, record, ct);
            }
            record.Phase = ReleasePhase.Failed;
            record.Reason = $"lane {record.GrayVersion}: {wl.GrayWorkload} not ready: {why}";
            session.AddHistory("deploy-gray", ctx.Host.Identity, ctx.Time.GetUtcNow(), record.Reason);
            await session.SaveAsync(ct);
            throw new StepFailedException($"gray Deployment {wl.GrayWorkload} ({record.GrayVersion}) did not become ready: {result.Message}. {why}");
        }
    }

    private static async Task ReportAsync(StepContext ctx, ReleaseRecord record, ITrafficRouter router, CancellationToken ct)
    {
        ctx.Host.SetOutput("app", record.App);
        ctx.Host.SetOutput("version", record.GrayVersion);
        ctx.Host.SetOutput("gray-workload", string.Join(",", record.Workloads.Select(w => w.GrayWorkload)));
        ctx.Host.SetOutput("baseline-workload", string.Join(",", record.Workloads.Select(w => w.BaselineWorkload)));
        ctx.Host.SetOutput("baseline-version", record.BaselineVersion);
        ctx.Host.SetOutput("phase", record.Phase.ToString());
        await ReleaseReport.WriteAsync(ctx, record, router, $"lane {record.GrayVersion} deployed", ct);
    }

    private static string SingleContainer(JsonObject deployment) =>
        Obj.Objects(deployment["spec"]?["template"]?["spec"]?["containers"]).Select(c => (string?)c["name"] ?? "").FirstOrDefault() ?? "";
}
