using System.Text.Json.Nodes;
using Graylane.Core.Hosting;
using Graylane.Core.Json;
using Graylane.Core.Model;
using Graylane.Core.Planning;
using Graylane.Core.Validation;
using Graylane.Engine.Records;
using Graylane.Engine.Reporting;
using Graylane.Engine.Routing;
using Graylane.Engine.Workloads;
using Graylane.Kubernetes;

namespace Graylane.Engine.Steps;

/// <summary>
/// deploy-gray: starts the new version next to the baseline without giving it traffic, and waits until it
/// is really ready. Re-running it (same version) finishes what a previous run started and writes nothing
/// when everything is already in place.
/// </summary>
public static class DeployGrayStep
{
    public static StepDefinition Definition { get; } = new("deploy-gray",
        "Start the new version next to the baseline without giving it traffic; wait until it is ready.",
        [
            .. CommonInputs.Connection,
            CommonInputs.App,
            CommonInputs.LockWait,
            new("service", "The Service in front of the app: its selector finds the baseline Deployment, and it is pinned to the baseline version so the gray pods get no traffic."),
            new("workload", "The baseline Deployment, when not found through --service."),
            new("gray-workload", "Update this existing gray Deployment's image in place instead of creating <baseline>-<version>."),
            ManifestDeployGray.ManifestsInput,
            new("image", "New image for the only container (e.g. registry.example.com/shop/nginx:1.27)."),
            new("images", "New images for several containers: name=image, comma or newline separated. With --manifests a bare reference (registry.example.com/shop/web:2.1) replaces every image of that repository."),
            new("version", "Version label value of the gray version. Default: a UTC timestamp yyyyMMddHHmmss."),
            new("version-label", "Label key that tells versions apart.", Default: "version"),
            new("replicas", "Replicas of the gray Deployment. Default: the baseline's."),
            new("virtual-service", "Istio: the VirtualService to manage when several route to the Service (default: the only one; none: Graylane creates one)."),
            new("gateway", "Istio: manage the VirtualService bound to this gateway (namespace/name). Gateway API: the Gateway of the HTTPRoute to manage, and the parent of graylane-<service> when no HTTPRoute routes to the Service."),
            new("host", "Istio: manage the VirtualService serving this host (e.g. shop.example.com). Gateway API: the hostname of the HTTPRoute Graylane creates. nginx: copy only this host's paths into the canary Ingress."),
            new("route", "Istio: the name of the http route to manage when several route to the Service."),
            new("canary-service", "Istio host mode, Gateway API and nginx: the Service in front of the gray pods (the --service fronts the baseline). Gateway API and nginx default: Graylane creates <service>-<version> and removes it at promote and rollback."),
            new("http-route", "Gateway API: the HTTPRoute (name or namespace/name) whose rule Graylane manages (default: the only one in the namespace routing to the Service; none: Graylane creates graylane-<service> on --gateway)."),
            new("rule", "Gateway API: the name of the HTTPRoute rule to manage when several route to the Service."),
            new("ingress", "nginx: the Ingress (in the release's namespace) whose paths to the Service the canary Ingress <ingress>-canary copies (default: the only Ingress routing to the Service). It is never changed."),
            CommonInputs.Router,
            CommonInputs.Timeout,
            new("keep-on-failure", "Leave the failed gray Deployment in place for inspection instead of removing it.", IsSwitch: true),
            ManifestDeployGray.PromoteModeInput,
            .. LaneDeployGray.Inputs,
        ],
        [
            ("app", "The release name."), ("version", "The gray version."), ("gray-workload", "The gray Deployment."),
            ("baseline-workload", "The baseline Deployment."), ("baseline-version", "The baseline version."), ("phase", "The release phase."),
        ],
        RunAsync);

    private static async Task RunAsync(StepContext ctx, StepInputs inputs, string app, CancellationToken ct)
    {
        var router = RouterRegistry.Create(RouterRegistry.Parse("router", inputs.Require("router")));
        if (router.Capabilities.Lanes)
        {
            await LaneDeployGray.RunAsync(ctx, inputs, app, router, ct);
            return;
        }
        if (inputs.Get("manifests") is not null)
        {
            await ManifestDeployGray.RunAsync(ctx, inputs, app, router, ct);
            return;
        }
        var laneRouters = RouterRegistry.Able(c => c.Lanes);
        if (inputs.Get("services") is not null)
            throw new InvalidInputException("services", $"--services (several services in one release) needs --router {laneRouters}; with other routers use --service");
        // Lane-only inputs would be silently ignored by the other routers: say so instead.
        foreach (var laneOnly in new[] { "app-services", "entry-service", "route-header", "trace-header", "baselines" })
            if (inputs.Get(laneOnly) is { } given && given != Definition.Inputs.First(i => i.Name == laneOnly).Default)
                throw new InvalidInputException(laneOnly, $"--{laneOnly} applies only to --router {laneRouters} (this release uses --router {router.Kind.Name()})");
        // 1. Everything that can be checked without the cluster, before touching it.
        var service = inputs.Get("service") is { } s ? KubeNames.DnsLabel("service", s) : null;
        var workload = inputs.Get("workload") is { } w ? KubeNames.DnsSubdomain("workload", w) : null;
        var grayWorkload = inputs.Get("gray-workload") is { } g ? KubeNames.DnsSubdomain("gray-workload", g) : null;
        var images = ImageInputs.Parse(inputs.Get("image"), inputs.Get("images"));
        var versionLabel = KubeNames.LabelKey("version-label", inputs.Require("version-label"));
        var givenVersion = inputs.Get("version") is { } v ? KubeNames.LabelValue("version", v) : null;
        int? replicas = inputs.Get("replicas") is { } r ? Numbers.NonNegative("replicas", r, 1000) : null;
        var timeout = inputs.Duration("timeout");
        var keepOnFailure = inputs.Flag("keep-on-failure");
        var selection = RouteSelectionInputs.Read(inputs);
        RouteSelectionInputs.RefuseUnread(selection, router);
        if (PromoteModes.Parse(inputs.Get("promote-mode"), manifests: false, router) == PromoteMode.InPlace)
            throw new InvalidInputException("promote-mode", "--promote-mode in-place needs --manifests in this build (the stable takes the manifests' template); without --manifests promote replaces");
        if (service is null && workload is null && grayWorkload is null)
            throw new InvalidInputException("service", "deploy-gray needs --service (finds the baseline through its selector), --workload (the baseline Deployment) or --gray-workload (an existing gray Deployment to update)");

        // 2. The release record decides between a new release and finishing the one in progress.
        using var phase = ctx.Host.Group($"deploy-gray: {app}");
        await EnsureNamespaceAsync(ctx, ct);
        var store = new ReleaseStore(ctx.Kube, ctx.Namespace);
        await using var session = await store.OpenAsync(app, ct);
        var existing = session.Record;
        var version = givenVersion
            ?? (existing is { } e && e.Phase.InProgress() ? e.GrayVersion : ctx.Time.GetUtcNow().UtcDateTime.ToString("yyyyMMddHHmmss"));
        ReleaseRules.EnsureCanDeploy(existing, version);
        var resuming = existing is not null && existing.Phase.InProgress();
        if (resuming && existing!.Phase != ReleasePhase.Deploying)
        {
            await ReportReadyAgainAsync(ctx, session, router, timeout, ct);
            return;
        }
        if (images.Count == 0 && !resuming)
            throw new InvalidInputException("image", "deploy-gray needs the new image: --image <ref> for a single container, or --images name=ref,... for several");

        var plan = resuming
            ? await ResumePlanAsync(ctx, existing!, ct)
            : await NewPlanAsync(ctx, app, service, workload, grayWorkload, images, versionLabel, version, replicas, router.Kind, ct);
        // How the router starts the gray (its refusals come before the lease: nothing written).
        var start = await router.PlanGrayStartAsync(ctx, plan.Record, plan.GrayObject, ct);

        // What the routing objects make impossible is refused here, before the lease and the first write.
        await router.ValidatePrepareAsync(ctx, plan.Record, new PrepareRequest(selection, plan.GrayPodLabels), ct);
        await session.LockAsync(ctx, ct);
        // 3. Every change below is preceded by a snapshot saved in the record (the intent), so a crash leaves a
        //    record rollback can use; a check that fails before the first change leaves the cluster untouched.
        if (!resuming)
        {
            session.Begin(plan.Record, ctx.Time.GetUtcNow());
            session.AddHistory("deploy-gray", ctx.Host.Identity, ctx.Time.GetUtcNow(), $"started {plan.Record.BaselineVersion} -> {version}");
            ctx.Info($"Release {app}: baseline {plan.Baseline} ({plan.Record.BaselineVersion}) -> gray {plan.Gray} ({version})");
        }
        var record = session.Current;
        var wl = record.Workloads[0];

        await router.PrepareAsync(ctx, session, new PrepareRequest(selection, plan.GrayPodLabels), ct);
        await session.SaveAsync(ct);

        var changed = wl.GrayCreated
            ? await CreateGrayAsync(ctx, session, start.Gray, ct)
            : await UpdateGrayInPlaceAsync(ctx, session, wl, ct);
        if (start.Preview is { } preview) await GrayPreviews.CreateAsync(ctx, session, preview, ct);

        // 4. Wait until it is really ready (or its preview is); on failure explain why and put things back unless asked not to.
        var result = await RolloutWaiter.WaitAsync(ctx, start.Proof, timeout, ct);
        if (!result.Ready)
        {
            var why = result.Reasons.Count > 0 ? string.Join("; ", result.Reasons) : result.Message;
            foreach (var reason in result.Reasons) ctx.Host.Error($"[deploy-gray] {reason}");
            if (!keepOnFailure)
            {
                ctx.Info("Removing the failed gray version and restoring what deploy-gray changed (use --keep-on-failure to keep it)");
                await SnapshotRestorer.RestoreAllAsync(ctx, record, ct);
            }
            record.Phase = ReleasePhase.Failed;
            record.Reason = $"gray {version} not ready: {why}";
            session.AddHistory("deploy-gray", ctx.Host.Identity, ctx.Time.GetUtcNow(), record.Reason);
            await session.SaveAsync(ct);
            throw new StepFailedException(start.Preview is null
                ? $"gray Deployment {wl.GrayWorkload} ({version}) did not become ready: {result.Message}. {why}"
                : $"the gray's pod template ({version}) did not become ready on its preview Deployment {start.Proof}: {result.Message}. {why}");
        }
        if (start.Preview is { } proved) await GrayPreviews.RemoveAsync(ctx, proved, ct);

        record.Phase = ReleasePhase.GrayReady;
        session.AddHistory("deploy-gray", ctx.Host.Identity, ctx.Time.GetUtcNow(), $"gray {wl.GrayWorkload} ({version}) ready, no traffic");
        await session.SaveAsync(ct);
        ctx.Info($"Gray {wl.GrayWorkload} ({version}) is ready and takes no traffic{(changed ? "" : " (it was already in place)")}");
        await ReportAsync(ctx, record, router, ct);
    }

    private sealed record DeployPlan(ReleaseRecord Record, string Baseline, string Gray, JsonObject GrayObject, Dictionary<string, string> GrayPodLabels);

    private static async Task<DeployPlan> NewPlanAsync(StepContext ctx, string app, string? service, string? workload, string? grayWorkload,
        Dictionary<string, string> images, string versionLabel, string version, int? replicas, RouterKind router, CancellationToken ct)
    {
        JsonObject? serviceObj = null;
        JsonObject? baseline = null; // stays null only for --gray-workload alone (scenario S1: updated in place)
        if (service is not null)
        {
            serviceObj = await ctx.Kube.GetCachedAsync(KubeResource.Services, ctx.Namespace, service, ct)
                ?? throw new InvalidInputException("service", $"Service {service} not found in namespace {ctx.Namespace}");
        }
        if (workload is not null)
        {
            baseline = await ctx.Kube.GetCachedAsync(KubeResource.Deployments, ctx.Namespace, workload, ct)
                ?? throw new InvalidInputException("workload", $"Deployment {workload} not found in namespace {ctx.Namespace}");
        }
        else if (serviceObj is not null)
        {
            var deployments = await ctx.Kube.ListItemsAsync(KubeResource.Deployments, ctx.Namespace, ct: ct);
            var match = BaselineFinder.FromService(serviceObj, deployments);
            foreach (var warning in match.Warnings) ctx.Warn(warning);
            baseline = match.Deployment;
            ctx.Info($"Service {service} selects Deployment {Obj.Name(baseline)}");
        }

        JsonObject gray;
        string grayName;
        bool created;
        BaselineIdentity? identity = null;
        string baselineName;
        string baselineVersion;
        if (grayWorkload is not null)
        {
            var live = await ctx.Kube.GetCachedAsync(KubeResource.Deployments, ctx.Namespace, grayWorkload, ct)
                ?? throw new InvalidInputException("gray-workload", $"Deployment {grayWorkload} not found in namespace {ctx.Namespace}");
            gray = Obj.Clone(live);
            GrayDeploymentPlanner.ApplyImages(grayWorkload, Obj.Child(Obj.Child(Obj.Child(gray, "spec"), "template"), "spec"), images);
            if (replicas is { } n) Obj.Child(gray, "spec")["replicas"] = n;
            grayName = grayWorkload;
            created = false;
            baselineName = baseline is null ? "" : Obj.Name(baseline);
            identity = baseline is null ? null : await IdentifyBaselineAsync(ctx, baseline, versionLabel, version, ct);
            baselineVersion = identity?.Version ?? "";
        }
        else
        {
            // The caller requires --service, --workload or --gray-workload, so without a gray workload there is a baseline.
            if (baseline is null) throw new InvalidOperationException("deploy-gray has neither a baseline nor a gray workload");
            baselineName = Obj.Name(baseline);
            identity = await IdentifyBaselineAsync(ctx, baseline, versionLabel, version, ct);
            baselineVersion = identity.Version;
            if (baselineVersion == version)
                throw new InvalidInputException("version", $"--version {version} is the baseline's own version ({baselineName}); choose a new version");
            var baseName = GrayDeploymentPlanner.BaseNameOf(baseline, versionLabel);
            grayName = GrayDeploymentPlanner.GrayName(baseName, version);
            gray = GrayDeploymentPlanner.Plan(baseline, new GrayPlan(app, grayName, baseName, versionLabel, version, images, replicas));
            created = true;
        }

        var grayPodLabels = Obj.StringMap(gray["spec"]?["template"]?["metadata"]?["labels"]);
        if (serviceObj is null && baseline is not null && grayWorkload is null)
            serviceObj = await FindServiceAsync(ctx, baseline, ct);
        if (serviceObj is not null && string.IsNullOrEmpty(baselineVersion) &&
            Obj.Matches(Obj.StringMap(serviceObj["spec"]?["selector"]), grayPodLabels))
            throw new InvalidInputException("workload",
                $"Service {Obj.Name(serviceObj)} selects the gray Deployment {grayName}'s pods too, and without the baseline Graylane cannot pin it to the baseline's pods; " +
                "give the baseline Deployment with --workload");

        var record = new ReleaseRecord
        {
            App = app,
            Namespace = ctx.Namespace,
            Router = router,
            Phase = ReleasePhase.Deploying,
            VersionLabel = versionLabel,
            BaselineVersion = baselineVersion,
            GrayVersion = version,
            StartedBy = ctx.Host.Identity.ToString(),
            StartedAt = ctx.Time.GetUtcNow(),
            Workloads =
            [
                new WorkloadRelease
                {
                    Service = serviceObj is null ? null : Obj.Name(serviceObj),
                    BaselineWorkload = baselineName,
                    GrayWorkload = grayName,
                    GrayCreated = created,
                    Images = images.ToDictionary(kv => kv.Key.Length == 0 ? SingleContainer(gray) : kv.Key, kv => kv.Value, StringComparer.Ordinal),
                    BaseName = created && baseline is not null ? GrayDeploymentPlanner.BaseNameOf(baseline, versionLabel) : grayName,
                    BaselineSelector = identity?.Selector ?? (baselineVersion.Length > 0 ? new() { [versionLabel] = baselineVersion } : []),
                    GraySelector = new() { [versionLabel] = version },
                },
            ],
        };
        return new DeployPlan(record, baselineName, grayName, gray, grayPodLabels);
    }

    /// <summary>A re-run after a crash: rebuild the same gray object from the record and the baseline.</summary>
    private static async Task<DeployPlan> ResumePlanAsync(StepContext ctx, ReleaseRecord record, CancellationToken ct)
    {
        var wl = record.Workloads[0];
        ctx.Info($"Resuming the release of {record.App} ({record.BaselineVersion} -> {record.GrayVersion}) started by {record.StartedBy}");
        if (!wl.GrayCreated)
        {
            var live = await ctx.Kube.GetCachedAsync(KubeResource.Deployments, ctx.Namespace, wl.GrayWorkload, ct)
                ?? throw new ReleaseConflictException($"Deployment {wl.GrayWorkload} no longer exists");
            return new DeployPlan(record, wl.BaselineWorkload, wl.GrayWorkload, live, Obj.StringMap(live["spec"]?["template"]?["metadata"]?["labels"]));
        }
        var baselineSnapshot = record.FindSnapshot("Deployment", wl.BaselineWorkload)?.Object;
        var baseline = baselineSnapshot ?? await ctx.Kube.GetCachedAsync(KubeResource.Deployments, ctx.Namespace, wl.BaselineWorkload, ct)
            ?? throw new ReleaseConflictException($"baseline Deployment {wl.BaselineWorkload} no longer exists");
        var gray = GrayDeploymentPlanner.Plan(baseline,
            new GrayPlan(record.App, wl.GrayWorkload, wl.BaseName, record.VersionLabel, record.GrayVersion, wl.Images, null));
        return new DeployPlan(record, wl.BaselineWorkload, wl.GrayWorkload, gray, Obj.StringMap(gray["spec"]?["template"]?["metadata"]?["labels"]));
    }

    private static async Task<bool> CreateGrayAsync(StepContext ctx, ReleaseSession session, JsonObject gray, CancellationToken ct)
    {
        var record = session.Current;
        var name = Obj.Name(gray);
        var live = await ctx.Kube.GetCachedAsync(KubeResource.Deployments, ctx.Namespace, name, ct);
        if (live is null)
        {
            await session.SnapshotAsync(KubeResource.Deployments, name, null, ct);
            await ObjectWriter.CreateAsync(ctx.Kube, KubeResource.Deployments, ctx.Namespace, gray, ct);
            ctx.Info($"Created Deployment {name}: {FormatImages(gray)}, {record.VersionLabel}={record.GrayVersion}");
            return true;
        }
        if (Obj.Annotation(live, GrayDeploymentPlanner.AppAnnotation) != record.App || Obj.Annotation(live, GrayDeploymentPlanner.VersionAnnotation) != record.GrayVersion)
            throw new InvalidInputException("version",
                $"Deployment {name} already exists and was not created by this release; choose another --version, or update it in place with --gray-workload {name}");
        if (record.FindSnapshot("Deployment", name) is null)
            await session.SnapshotAsync(KubeResource.Deployments, name, null, ct); // ours, from a run that crashed before saving
        var (_, written) = await ObjectWriter.UpdateAsync(ctx.Kube, KubeResource.Deployments, ctx.Namespace, name, d =>
        {
            d["spec"] = gray["spec"]!.DeepClone();
            Obj.Metadata(d)["labels"] = gray["metadata"]!["labels"]!.DeepClone();
        }, ct);
        ctx.Info(written ? $"Deployment {name} existed from an earlier run; brought it up to date" : $"Deployment {name} already in place");
        return written;
    }

    private static async Task<bool> UpdateGrayInPlaceAsync(StepContext ctx, ReleaseSession session, WorkloadRelease wl, CancellationToken ct)
    {
        var live = await ctx.Kube.GetCachedAsync(KubeResource.Deployments, ctx.Namespace, wl.GrayWorkload, ct)
            ?? throw new InvalidInputException("gray-workload", $"Deployment {wl.GrayWorkload} not found in namespace {ctx.Namespace}");
        await session.SnapshotAsync(KubeResource.Deployments, wl.GrayWorkload, live, ct);
        var record = session.Current;
        var (after, written) = await ObjectWriter.UpdateAsync(ctx.Kube, KubeResource.Deployments, ctx.Namespace, wl.GrayWorkload, d =>
        {
            GrayDeploymentPlanner.ApplyImages(wl.GrayWorkload, Obj.Child(Obj.Child(Obj.Child(d, "spec"), "template"), "spec"), wl.Images);
            Obj.SetAnnotation(d, GrayDeploymentPlanner.AppAnnotation, record.App);
            Obj.SetAnnotation(d, GrayDeploymentPlanner.VersionAnnotation, record.GrayVersion);
        }, ct);
        ctx.Info(written ? $"Updated Deployment {wl.GrayWorkload} in place: {FormatImages(after)}" : $"Deployment {wl.GrayWorkload} already runs {FormatImages(after)}");
        return written;
    }

    /// <summary>A finished deploy-gray run again: nothing to change, confirm readiness and report.</summary>
    private static async Task ReportReadyAgainAsync(StepContext ctx, ReleaseSession session, ITrafficRouter router, TimeSpan timeout, CancellationToken ct)
    {
        var record = session.Current;
        ctx.Info($"Release {record.App} {record.GrayVersion} is already deployed ({record.Phase}); nothing to do");
        var result = await RolloutWaiter.WaitAsync(ctx, record.Workloads[0].GrayWorkload, timeout, ct);
        if (!result.Ready)
            throw new StepFailedException($"gray Deployment {record.Workloads[0].GrayWorkload} is not ready: {result.Message}. {string.Join("; ", result.Reasons)}");
        await ReportAsync(ctx, record, router, ct);
    }

    internal static async Task ReportAsync(StepContext ctx, ReleaseRecord record, ITrafficRouter router, CancellationToken ct)
    {
        var wl = record.Workloads[0];
        ctx.Host.SetOutput("app", record.App);
        ctx.Host.SetOutput("version", record.GrayVersion);
        ctx.Host.SetOutput("gray-workload", wl.GrayWorkload);
        ctx.Host.SetOutput("baseline-workload", wl.BaselineWorkload);
        ctx.Host.SetOutput("baseline-version", record.BaselineVersion);
        ctx.Host.SetOutput("phase", record.Phase.ToString());
        await ReleaseReport.WriteAsync(ctx, record, router, $"Gray version {record.GrayVersion} deployed", ct);
    }

    private static async Task EnsureNamespaceAsync(StepContext ctx, CancellationToken ct)
    {
        try
        {
            if (await ctx.Kube.GetCachedAsync(KubeResource.Namespaces, null, ctx.Namespace, ct) is null)
                throw new InvalidInputException("namespace", $"namespace {ctx.Namespace} not found in the cluster");
        }
        catch (KubeApiException ex) when (ex.Status == System.Net.HttpStatusCode.Forbidden)
        {
            // Least-privilege identities cannot read namespaces (cluster-scoped); a missing one shows up at the first write.
        }
    }

    private static async Task<JsonObject?> FindServiceAsync(StepContext ctx, JsonObject baseline, CancellationToken ct)
    {
        var podLabels = Obj.StringMap(baseline["spec"]?["template"]?["metadata"]?["labels"]);
        var services = (await ctx.Kube.ListItemsAsync(KubeResource.Services, ctx.Namespace, ct: ct))
            .Where(s => Obj.Matches(Obj.StringMap(s["spec"]?["selector"]), podLabels)).ToList();
        if (services.Count == 1) ctx.Info($"Deployment {Obj.Name(baseline)} is served by Service {Obj.Name(services[0])}");
        if (services.Count > 1) ctx.Warn($"several Services select {Obj.Name(baseline)}'s pods ({string.Join(", ", services.Select(Obj.Name))}); give --service to choose the one to switch");
        return services.Count == 1 ? services[0] : null;
    }

    /// <summary>
    /// The labels that select exactly the baseline's pods: its version label, else (an app labelled app: web only) the
    /// pod-template-hash of its current ReplicaSet — no relabelling, no restart, whatever the immutable selector says.
    /// </summary>
    internal static async Task<BaselineIdentity> IdentifyBaselineAsync(StepContext ctx, JsonObject baseline, string versionLabel, string version, CancellationToken ct)
    {
        if (BaselinePods.ByVersionLabel(baseline, versionLabel) is { } labelled) return labelled;
        var matchLabels = Obj.StringMap(baseline["spec"]?["selector"]?["matchLabels"]);
        var replicaSets = await ctx.Kube.ListItemsAsync(KubeResource.ReplicaSets, ctx.Namespace,
            matchLabels.Count == 0 ? null : string.Join(",", matchLabels.Select(kv => $"{kv.Key}={kv.Value}")), ct: ct);
        var identity = BaselinePods.ByTemplateHash(baseline, replicaSets, versionLabel);
        ctx.Info($"Deployment {Obj.Name(baseline)}'s pods carry no \"{versionLabel}\" label: they are told apart by their ReplicaSet's " +
                 $"{VersionSelectors.Format(identity.Selector)} (nothing relabelled or restarted); the gray pods get {versionLabel}={version}");
        return identity;
    }

    private static string SingleContainer(JsonObject deployment) =>
        Obj.Objects(deployment["spec"]?["template"]?["spec"]?["containers"]).Select(c => (string?)c["name"] ?? "").FirstOrDefault() ?? "";

    private static string FormatImages(JsonObject deployment) =>
        string.Join(", ", GrayDeploymentPlanner.Images(deployment).Select(kv => $"{kv.Key}={kv.Value}"));
}
