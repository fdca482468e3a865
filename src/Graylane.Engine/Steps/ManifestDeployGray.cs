using System.Text.Json.Nodes;
using Graylane.Core.Hosting;
using Graylane.Core.Json;
using Graylane.Core.Manifests;
using Graylane.Core.Model;
using Graylane.Core.Planning;
using Graylane.Core.Validation;
using Graylane.Engine.Manifests;
using Graylane.Engine.Records;
using Graylane.Engine.Routing;
using Graylane.Engine.Workloads;
using Graylane.Kubernetes;

namespace Graylane.Engine.Steps;

/// <summary>
/// deploy-gray --manifests: the new version comes from the manifests (plain YAML, kustomize or helm output), not from a
/// clone of what runs. Each changed Deployment gets a gray copy of its manifest's pod template; the config it reads is
/// versioned; an HPA on the baseline gets a copy for the gray; everything else is listed and applied at promote. With
/// nothing running yet the manifests are applied as the baseline (a first release); with nothing changed, nothing happens.
/// </summary>
public static class ManifestDeployGray
{
    public static readonly StepInput ManifestsInput = new("manifests",
        "Release what the manifests say: files, directories (every *.yaml/*.yml in name order), globs or - for standard input; " +
        "comma or newline separated, repeatable. Multi-document YAML and List kinds (kustomize build / helm template output). " +
        "With it, --image/--images set images in the manifests: name=image, or a bare reference replacing every image of its repository.",
        Repeatable: true);

    public static readonly StepInput PromoteModeInput = new("promote-mode",
        "How promote ends: in-place (the stable Deployment keeps its name and takes the new template; default) or replace (the gray " +
        "Deployment becomes the baseline under its own name, the old one is scaled to 0).");

    public static async Task RunAsync(StepContext ctx, StepInputs inputs, string app, ITrafficRouter router, CancellationToken ct)
    {
        // 1. Everything that can be checked without the cluster, before touching it.
        foreach (var name in new[] { "workload", "gray-workload" })
            if (inputs.Get(name) is not null)
                throw new InvalidInputException(name, $"--{name} does not go with --manifests: the manifests name the Deployments to release");
        var mode = PromoteModes.Parse(inputs.Get("promote-mode"), manifests: true, router);
        if (mode == PromoteMode.Replace)
            throw new InvalidInputException("promote-mode",
                "--promote-mode replace does not go with --manifests: the manifests name the stable Deployment, and a replace promote would leave a " +
                "<name>-<version> Deployment the next kubectl apply of the same manifests duplicates; use in-place (the default)");
        var set = ManifestLoader.Load(inputs.Require("manifests"), new DiskManifestFiles(ctx.StandardInput, ctx.WorkingDirectory), ctx.Namespace);
        var imageChanges = ManifestImages.Apply(set, inputs.Get("image"), inputs.Get("images"));
        var versionLabel = KubeNames.LabelKey("version-label", inputs.Require("version-label"));
        var givenVersion = inputs.Get("version") is { } v ? KubeNames.LabelValue("version", v) : null;
        int? replicas = inputs.Get("replicas") is { } r ? Numbers.NonNegative("replicas", r, 1000) : null;
        var timeout = inputs.Duration("timeout");
        var keepOnFailure = inputs.Flag("keep-on-failure");
        var selection = RouteSelectionInputs.Read(inputs);
        RouteSelectionInputs.RefuseUnread(selection, router);
        var service = inputs.Get("service") is { } s ? KubeNames.DnsLabel("service", s) : null;

        using var phase = ctx.Host.Group($"deploy-gray: {app}");
        ctx.Info($"Manifests: {set.Objects.Count} object(s) from {string.Join(", ", set.Objects.Select(o => o.Source.FileName).Distinct())}");
        foreach (var line in imageChanges) ctx.Info($"Image: {line}");
        var store = new ReleaseStore(ctx.Kube, ctx.Namespace);
        await using var session = await store.OpenAsync(app, ct);
        var existing = session.Record;
        var version = givenVersion ?? ManifestReleasePlanner.VersionInManifests(set, versionLabel)
            ?? (existing is { } e && e.Phase.InProgress() ? e.GrayVersion : ctx.Time.GetUtcNow().UtcDateTime.ToString("yyyyMMddHHmmss"));
        ReleaseRules.EnsureCanDeploy(existing, version);
        if (existing is not null && existing.Phase.InProgress() && existing.Phase != ReleasePhase.Deploying)
        {
            ctx.Info($"Release {app} {version} is already deployed ({existing.Phase}); nothing to do");
            await DeployGrayStep.ReportAsync(ctx, existing, router, ct);
            return;
        }

        // 2. The plan: what the manifests change against the cluster as it is.
        var live = await LiveState.ReadAsync(ctx, set, ct);
        var plan = ManifestReleasePlanner.Plan(set, live, new ManifestReleaseSettings(app, ctx.Namespace, versionLabel, version, replicas));
        ManifestLog.Write(ctx, plan);
        if (plan.NothingToRelease)
        {
            ctx.Info("Nothing to release: every Deployment's pod template and the config it reads match the cluster");
            if (plan.AppliedAtPromote.Count > 0)
                ctx.Warn($"{string.Join(", ", plan.AppliedAtPromote.Select(o => o.Manifest.Title))} differ from the cluster but are applied only by the promote of a release; apply them with kubectl apply, or release them with a Deployment change");
            ctx.Host.SetOutput("app", app);
            ctx.Host.SetOutput("phase", existing?.Phase.ToString() ?? "");
            return;
        }
        if (plan.FirstRelease)
        {
            await FirstRelease.RunAsync(ctx, session, set, plan, app, versionLabel, version, router, timeout, ct);
            return;
        }
        var release = ChangedDeployment(plan, router, service);
        var identity = ResumingRelease(existing) ? null : await DeployGrayStep.IdentifyBaselineAsync(ctx, release.Baseline!, versionLabel, version, ct);
        if (identity?.Version == version)
            throw new InvalidInputException("version", $"--version {version} is the baseline's own version ({release.BaselineName}); choose a new version");

        // What the routing objects make impossible is refused here, before the lease and the first write.
        var grayLabels = Obj.StringMap(release.Gray!["spec"]?["template"]?["metadata"]?["labels"]);
        await router.ValidatePrepareAsync(ctx, existing is { Phase: ReleasePhase.Deploying } ? existing
            : NewRecord(ctx, app, router, versionLabel, version, release, set, mode, identity), new PrepareRequest(selection, grayLabels), ct);

        // 3. Record the intent, then every write after a snapshot of what it changes.
        await session.LockAsync(ctx, ct);
        var resuming = existing is not null && existing.Phase == ReleasePhase.Deploying;
        var fresh = NewRecord(ctx, app, router, versionLabel, version, release, set, mode, identity);
        if (resuming)
        {
            if (!SameRelease(existing!, fresh))
                throw new ReleaseConflictException(
                    $"the {existing!.Describe()} was started with other manifests or images; roll it back (graylane rollback --app {app}) before releasing these");
            ctx.Info($"Resuming the release of {app} ({existing!.BaselineVersion} -> {version}) started by {existing.StartedBy}");
        }
        else
        {
            session.Begin(fresh, ctx.Time.GetUtcNow());
            session.AddHistory("deploy-gray", ctx.Host.Identity, ctx.Time.GetUtcNow(), $"started {fresh.BaselineVersion} -> {version} from manifests");
            await session.SaveAsync(ct);
            ctx.Info($"Release {app}: baseline {release.BaselineName} -> gray {Obj.Name(release.Gray!)} ({version})");
        }
        var record = session.Current;
        var vault = new SecretVault(ctx.Kube, ctx.Namespace, app);
        await vault.PutAsync(set.Objects.Where(o => o.IsSecret).ToDictionary(o => SecretVault.DesiredKey(o.Name), o => o.Object), ct);

        await router.PrepareAsync(ctx, session, new PrepareRequest(selection, grayLabels), ct);
        await session.SaveAsync(ct);
        await GrayObjects.CreateConfigCopiesAsync(ctx, session, release.Configs, app, version, ct);
        await GrayObjects.CreateAsync(ctx, session, KubeResource.HorizontalPodAutoscalers, release.Autoscalers, ct);
        await GrayObjects.CreateAsync(ctx, session, KubeResource.Deployments, [release.Gray!], ct);

        // 4. Wait until it is really ready; on failure explain why and put things back unless asked not to.
        var wl = record.Workloads[0];
        var result = await RolloutWaiter.WaitAsync(ctx, wl.GrayWorkload, timeout, ct);
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
            throw new StepFailedException($"gray Deployment {wl.GrayWorkload} ({version}) did not become ready: {result.Message}. {why}");
        }
        record.Phase = ReleasePhase.GrayReady;
        session.AddHistory("deploy-gray", ctx.Host.Identity, ctx.Time.GetUtcNow(), $"gray {wl.GrayWorkload} ({version}) ready, no traffic");
        await session.SaveAsync(ct);
        ctx.Info($"Gray {wl.GrayWorkload} ({version}) is ready and takes no traffic");
        ctx.Host.AppendSummary(ManifestLog.Markdown(plan));
        await DeployGrayStep.ReportAsync(ctx, record, router, ct);
    }

    /// <summary>The one Deployment the release changes (lanes release several at once; the other routers one Service at a time).</summary>
    private static DeploymentRelease ChangedDeployment(ManifestPlan plan, ITrafficRouter router, string? service)
    {
        if (plan.New.Count > 0)
            throw new InvalidInputException("manifests",
                $"Deployment {string.Join(", ", plan.New.Select(d => d.Name))} does not run yet while {string.Join(", ", plan.Deployments.Where(d => !d.FirstRelease).Select(d => d.Name))} does; " +
                "release the new service first with manifests of its own (a first release), then the change");
        var changed = plan.Changed;
        if (changed.Count > 1)
            throw new InvalidInputException("manifests",
                $"the manifests change {changed.Count} Deployments ({string.Join(", ", changed.Select(d => d.Name))}); --router {router.Kind.Name()} releases one Service at a time: " +
                $"use --router {RouterRegistry.Able(c => c.Lanes)} to release them as one lane, or release them one after the other");
        var release = changed[0];
        if (service is not null && release.Service != service)
            throw new InvalidInputException("service",
                $"--service {service} is not in front of Deployment {release.Name}'s pods{(release.Service is null ? "" : $" (Service {release.Service} is)")}");
        return release;
    }

    private static bool ResumingRelease(ReleaseRecord? existing) => existing is { Phase: ReleasePhase.Deploying, Manifests: not null };

    private static ReleaseRecord NewRecord(StepContext ctx, string app, ITrafficRouter router, string versionLabel, string version,
        DeploymentRelease release, ManifestSet set, PromoteMode mode, BaselineIdentity? identity)
    {
        var gray = release.Gray!;
        return new ReleaseRecord
        {
            App = app,
            Namespace = ctx.Namespace,
            Router = router.Kind,
            Phase = ReleasePhase.Deploying,
            VersionLabel = versionLabel,
            BaselineVersion = identity?.Version ?? "",
            GrayVersion = version,
            StartedBy = ctx.Host.Identity.ToString(),
            StartedAt = ctx.Time.GetUtcNow(),
            Workloads =
            [
                new WorkloadRelease
                {
                    Service = release.Service,
                    BaselineWorkload = release.BaselineName!,
                    GrayWorkload = Obj.Name(gray),
                    GrayCreated = true,
                    Images = GrayDeploymentPlanner.Images(gray),
                    BaseName = release.Name,
                    BaselineSelector = identity?.Selector ?? [],
                    GraySelector = new() { [versionLabel] = version },
                },
            ],
            Manifests = new ManifestRelease
            {
                Sources = set.Objects.Select(o => o.Source.FileName).Distinct().ToList(),
                InPlace = mode == PromoteMode.InPlace,
                Desired = Desired(set),
                ConfigCopies = release.Configs.Where(c => c.Action != ConfigAction.Unchanged)
                    .Select(c => new ConfigCopy { Kind = c.Kind, Name = c.Name, ReadAs = c.ReadAs, Created = true, Hash = c.Hash }).ToList(),
                AutoscalerCopies = release.Autoscalers.Select(Obj.Name).ToList(),
            },
        };
    }

    /// <summary>The manifests' objects as promote applies them; a Secret only as its hash (its content goes to the vault).</summary>
    public static List<DesiredObject> Desired(ManifestSet set) => set.Objects.Select(o => new DesiredObject
    {
        ApiVersion = o.ApiVersion,
        Kind = o.Kind,
        Name = o.Name,
        Object = o.IsSecret ? null : Obj.Clone(o.Object),
        Hash = o.IsSecret ? ConfigData.Hash(o.Object) : null,
        Source = o.Source.ToString(),
    }).ToList();

    /// <summary>A re-run after a crash must release the same thing: same gray workload, images and desired objects.</summary>
    private static bool SameRelease(ReleaseRecord existing, ReleaseRecord fresh) =>
        existing.Workloads.Count == 1 && existing.Workloads[0].GrayWorkload == fresh.Workloads[0].GrayWorkload
        && existing.Manifests is { } a && fresh.Manifests is { } b
        && a.Desired.Count == b.Desired.Count
        && a.Desired.Zip(b.Desired).All(p => p.First.Kind == p.Second.Kind && p.First.Name == p.Second.Name && p.First.Hash == p.Second.Hash
                                            && JsonNode.DeepEquals(p.First.Object, p.Second.Object));
}
