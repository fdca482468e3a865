using System.Text.Json.Nodes;
using Graylane.Core.Json;
using Graylane.Core.Model;
using Graylane.Core.Planning;
using Graylane.Core.Planning.IngressNginx;
using Graylane.Core.Planning.Istio;
using Graylane.Core.Validation;
using Graylane.Engine.Records;
using Graylane.Engine.Workloads;
using Graylane.Kubernetes;

namespace Graylane.Engine.Routing.IngressNginx;

/// <summary>
/// Canary through ingress-nginx. The user's Ingress is never written: Graylane adds the canary Ingress
/// &lt;ingress&gt;-canary (the user's paths to the Service, pointing at the canary Service) and steers it with ingress-nginx's
/// canary annotations (canary-weight, canary-by-header with -value or -pattern, canary-by-cookie). The stable Service is
/// pinned to the baseline. Promote moves the stable Service's selector to the new version — rather than the Ingress's
/// backend to the canary Service — so the user's Ingress stays as they wrote it (no drift for GitOps, in-cluster callers of
/// the Service move too, and the next release starts from the same objects); the canary Ingress and Service then go.
/// </summary>
public sealed class NginxRouter : ITrafficRouter
{
    public RouterKind Kind => RouterKind.Nginx;

    public RouterCapabilities Capabilities { get; } = new()
    {
        PartialWeights = true,
        Matches = new HashSet<MatchSupport>
        {
            new(MatchKind.Header, MatchOperator.Exact), new(MatchKind.Header, MatchOperator.Prefix), new(MatchKind.Header, MatchOperator.Regex),
            new(MatchKind.Cookie, MatchOperator.Exact), // the value "always" only: NginxCanaryRules says so
        },
        PromoteModes = new HashSet<PromoteMode> { PromoteMode.Replace, PromoteMode.InPlace },
        RouteInputs = new HashSet<string> { "ingress", "host", "canary-service" },
        Limits = new Dictionary<RouterFeature, string>
        {
            [RouterFeature.Mirror] = "ingress-nginx cannot mirror a percentage of requests (its mirror-target copies every request, and a canary Ingress ignores it)",
            [RouterFeature.SetHeader] = "a canary Ingress ignores every annotation but the canary ones, so nothing can set headers on the canary's requests",
        },
    };

    public void Validate(TrafficState wanted)
    {
        CapabilityCheck.Check(Kind, Capabilities, wanted, RouterRegistry.Capabilities);
        NginxCanaryRules.Split(wanted.Matches);
    }

    public async Task ValidatePrepareAsync(StepContext ctx, ReleaseRecord record, PrepareRequest request, CancellationToken ct)
    {
        var service = Service(record, asInput: true);
        var selection = request.Selection;
        if (record.Nginx is null)
            await CanaryServices.ValidateAsync(ctx, record, service, selection.CanaryService, request.GrayPodLabels, ct);
        var host = record.Nginx?.Host ?? selection.Host;
        var user = await NginxIngresses.FindAsync(ctx, record, service, selection, ct);
        CanaryIngressPlanner.Plan(user, service, service, host, 0, [], record.App, record.GrayVersion); // the paths to copy exist
        await NginxIngresses.RequireFreeAsync(ctx, record, user, service, host, ct);
    }

    public async Task PrepareAsync(StepContext ctx, ReleaseSession session, PrepareRequest request, CancellationToken ct)
    {
        var record = session.Current;
        var w = record.Workloads.Single();
        var service = Service(record);
        var selection = request.Selection;
        var n = record.Nginx ??= new NginxRouting
        {
            Host = selection.Host,
            CanaryService = selection.CanaryService ?? CanaryServicePlanner.Name(service, record.GrayVersion),
            CanaryServiceGiven = selection.CanaryService is not null,
        };
        // The canary Service first: nothing routes to it yet, and its pods do not exist yet.
        if (!n.CanaryServiceGiven) await CanaryServices.EnsureAsync(ctx, session, service, n.CanaryService!, ct);
        await SelectorWriter.PinToBaselineAsync(ctx, session, w, service, request.GrayPodLabels, ct);
        var user = await NginxIngresses.FindAsync(ctx, record, service, selection, ct);
        n.Ingress = Obj.Name(user);
        n.CanaryIngress = CanaryIngressPlanner.Name(n.Ingress);
        ctx.Info($"Canary Ingress {n.CanaryIngress} for Ingress {n.Ingress} at weight 0 before the gray pods start");
        await ShiftAsync(ctx, session, new TrafficState { Weight = 0 }, ct);
    }

    public async Task<bool> ShiftAsync(StepContext ctx, ReleaseSession session, TrafficState wanted, CancellationToken ct)
    {
        var record = session.Current;
        var n = Routing(record);
        var service = Service(record);
        if (record.Phase == ReleasePhase.RollingBack && wanted.Weight == 100) return await ShiftToRollbackCopyAsync(ctx, session, ct);
        // A promote run again after it moved the stable Service (and perhaps removed the canary).
        if (record.Phase == ReleasePhase.Promoting && wanted.Weight == 100 && await StableService.AlreadyFrontsGrayAsync(ctx, record, service, ct))
        {
            ctx.Info($"Service {service} already fronts {record.GrayVersion}: promote moved it; the canary Ingress needs no share");
            return false;
        }
        var user = await NginxIngresses.FindAsync(ctx, record, service, RouteSelection.None, ct);
        var live = await CanaryAsync(ctx, record, ct);
        ThrowIfDrifted(ctx, record, live);
        var toGray = wanted.Weight > 0 || wanted.Matches.Count > 0;
        if (toGray) await CanaryServices.RequireAsync(ctx, record, n.CanaryService!, ct);
        var planned = CanaryIngressPlanner.Plan(user, service, n.CanaryService!, n.Host, wanted.Weight, wanted.Matches, record.App, record.GrayVersion);
        var desired = live is null ? planned : CanaryIngressPlanner.Merge(live, planned);
        if (live is not null && JsonNode.DeepEquals(desired, live))
        {
            ctx.Info($"Ingress {n.CanaryIngress} already routes {wanted}");
            // As ManagedWrites.Adopt, on the part of the Ingress the ledger keeps: a write on its way refuses this no-op.
            ManagedWrites.RefuseWriteInFlight(ctx, record, Key(ctx, record), Managed(live));
            record.Ledger.Adopt(Key(ctx, record), Managed(live));
            if (record.Phase == ReleasePhase.Promoting && wanted.Weight == 100) await SwitchStableToGrayAsync(ctx, session, service, ct);
            return false;
        }
        // Readiness is the steps' part (docs/routers.md): a shift reads no Deployment. The write's answer is the object as
        // stored: it is the read-back (PutAsync records it).
        var after = await PutAsync(ctx, session, live, desired, ct);
        if (!Annotations(after).SequenceEqual(Annotations(planned)))
            throw new Steps.StepFailedException($"Ingress {n.CanaryIngress}: read back {Describe(after)} after the write, expected {Describe(planned)}");
        ctx.Info($"Ingress {n.CanaryIngress}: {Describe(after)}");
        // Promote's shift: the stable Service fronts the new version from here on, so the canary can go.
        if (record.Phase == ReleasePhase.Promoting && wanted.Weight == 100) await SwitchStableToGrayAsync(ctx, session, service, ct);
        return true;
    }

    /// <summary>
    /// Rollback after an in-place promote is a reverse release whose "gray" is a copy of the previous version, which no
    /// canary Service selects: the stable Service takes the copy's pods and the canary (if still there) gets nothing.
    /// </summary>
    private static async Task<bool> ShiftToRollbackCopyAsync(StepContext ctx, ReleaseSession session, CancellationToken ct)
    {
        var wrote = await StableService.ToRollbackCopyAsync(ctx, session, Service(session.Current), ct);
        return await ToNothingAsync(ctx, session, ct) || wrote;
    }

    /// <summary>The canary Ingress, if there, at weight 0 without header or cookie rules.</summary>
    private static async Task<bool> ToNothingAsync(StepContext ctx, ReleaseSession session, CancellationToken ct)
    {
        var record = session.Current;
        var n = Routing(record);
        if (await CanaryAsync(ctx, record, ct) is not { } live) return false;
        var user = await NginxIngresses.FindAsync(ctx, record, Service(record), RouteSelection.None, ct);
        var desired = CanaryIngressPlanner.Merge(live, CanaryIngressPlanner.Plan(user, Service(record), n.CanaryService!, n.Host, 0, [], record.App, record.GrayVersion));
        if (JsonNode.DeepEquals(desired, live)) return false;
        await PutAsync(ctx, session, live, desired, ct);
        ctx.Info($"Ingress {n.CanaryIngress}: weight 0, no header or cookie rule — the canary gets nothing");
        return true;
    }

    /// <summary>The stable Service's selector to the gray pods: the user's Ingress follows it.</summary>
    private static Task SwitchStableToGrayAsync(StepContext ctx, ReleaseSession session, string service, CancellationToken ct) =>
        StableService.SwitchToGrayAsync(ctx, session, service, ct, $" (and so Ingress {session.Current.Nginx?.Ingress})");

    public async Task FinishPromoteAsync(StepContext ctx, ReleaseSession session, PromoteStage stage, PromoteTarget target, CancellationToken ct)
    {
        if (stage != PromoteStage.BeforeRetire) return;
        var record = session.Current;
        var service = Service(record);
        await StableService.FinishPromoteAsync(ctx, session, service, target, ct, $" (and so Ingress {record.Nginx?.Ingress})");
        // The user's Ingress now reaches the new version through the stable Service: the canary Ingress goes before the
        // gray pods behind the canary Service are retired.
        await RemoveCanaryIngressAsync(ctx, session, ct);
    }

    /// <summary>Services outside the release that select only the old version (and Ingresses on them); the user's Ingress follows the stable Service.</summary>
    public Task<IReadOnlyList<StrandedRoute>> FindStrandedRoutesAsync(StepContext ctx, ReleaseRecord record, CancellationToken ct) =>
        StrandedRoutes.FindAsync(ctx, record, StrandedRoutes.NoRoutes, ct);

    public Task MoveStrandedRoutesAsync(StepContext ctx, ReleaseSession session, IReadOnlyList<StrandedRoute> routes, CancellationToken ct) =>
        StrandedRoutes.MoveAsync(ctx, session, routes, ct);

    /// <summary>The canary Ingress and the canary Service Graylane made for the release: nothing routes to them any more.</summary>
    public async Task RemoveCreatedAsync(StepContext ctx, ReleaseSession session, CancellationToken ct)
    {
        await RemoveCanaryIngressAsync(ctx, session, ct);
        var n = Routing(session.Current);
        if (!n.CanaryServiceGiven) await CanaryServices.RemoveAsync(ctx, session, n.CanaryService!, ct);
    }

    private static async Task RemoveCanaryIngressAsync(StepContext ctx, ReleaseSession session, CancellationToken ct)
    {
        var record = session.Current;
        var n = Routing(record);
        if (await CanaryAsync(ctx, record, ct) is not { } live) return;
        ThrowIfDrifted(ctx, record, live);
        if (await ManagedWrites.DeleteAsync(ctx, session, KubeResource.Ingresses, live, ct))
            ctx.Info($"Deleted Ingress {n.CanaryIngress}, created for the release; Ingress {n.Ingress} serves {record.GrayVersion} through Service {Service(record)}");
    }

    /// <summary>Rollback: whatever someone changed, the stable Service goes back to the baseline and the canary gets nothing (the snapshot restore then deletes it).</summary>
    public async Task SendTrafficBackAsync(StepContext ctx, ReleaseSession session, CancellationToken ct)
    {
        var record = session.Current;
        if (record.Nginx?.CanaryIngress is null) return;
        AcceptDrift(record);
        await StableService.BackToBaselineAsync(ctx, session, ct);
        if (await ctx.Kube.GetCachedAsync(KubeResource.Ingresses, ctx.Namespace, record.Nginx.Ingress!, ct) is not null)
            await ToNothingAsync(ctx, session, ct);
    }

    public void AcceptDrift(ReleaseRecord record) => record.Ledger.AcceptDrift();

    public async Task<TrafficSplit> ReadAsync(StepContext ctx, ReleaseRecord record, CancellationToken ct)
    {
        var w = record.Workloads.Single();
        var n = record.Nginx;
        var name = w.Service ?? w.BaselineWorkload;
        var shares = new List<VersionShare>();
        var notes = new List<string>();
        var canary = n?.CanaryIngress is null ? null : await CanaryAsync(ctx, record, ct);
        var drift = n?.CanaryIngress is null ? null : record.Ledger.Drift(Key(ctx, record), canary is null ? null : Managed(canary));
        int gray;
        if (canary is null)
        {
            var stable = w.Service is null ? null : await ctx.Kube.GetCachedAsync(KubeResource.Services, ctx.Namespace, w.Service, ct);
            var onGray = stable is not null && VersionSelectors.Selects(SelectorWriter.Selector(stable), VersionSelectors.Gray(record, w));
            gray = record.Phase == ReleasePhase.Promoted || onGray ? 100 : 0;
            if (record.Phase != ReleasePhase.Promoted) // after promote, the canary is gone by design
                notes.Add(n?.CanaryIngress is null ? "no canary Ingress routes this release (yet)"
                    : $"no canary Ingress {n.CanaryIngress}: Ingress {n.Ingress} sends everything to Service {w.Service}");
        }
        else
        {
            var annotations = Obj.Annotations(canary);
            gray = NginxCanaryRules.ReadWeight(annotations);
            if (annotations.TryGetValue(NginxCanaryRules.ByHeader, out var header))
                notes.Add(annotations.TryGetValue(NginxCanaryRules.ByHeaderValue, out var value) ? $"requests with header {header}: {value} go to {record.GrayVersion}"
                    : $"requests whose header {header} matches {annotations.GetValueOrDefault(NginxCanaryRules.ByHeaderPattern)} go to {record.GrayVersion}");
            if (annotations.TryGetValue(NginxCanaryRules.ByCookie, out var cookie))
                notes.Add($"requests with cookie {cookie}=always go to {record.GrayVersion}");
            // While promoting, the stable Service may already front the new version: its share is then the gray's too.
            if (record.Phase is ReleasePhase.Promoting or ReleasePhase.Promoted && w.Service is not null
                && await ctx.Kube.GetCachedAsync(KubeResource.Services, ctx.Namespace, w.Service, ct) is { } stable
                && VersionSelectors.Selects(SelectorWriter.Selector(stable), VersionSelectors.Gray(record, w)))
            {
                gray = 100;
                notes.Add($"Service {w.Service} selects {record.GrayVersion}");
            }
        }
        shares.Add(new VersionShare(name, record.BaselineVersion, w.BaselineWorkload, "baseline", 100 - gray));
        shares.Add(new VersionShare(n?.CanaryService ?? name, record.GrayVersion, w.GrayWorkload, "gray", gray));
        // A shift stopped between its record write and its canary write left the record ahead of the cluster.
        var unlanded = canary is not null && record.Ledger.Unlanded(Key(ctx, record), Managed(canary));
        return new TrafficSplit(shares, notes) { Drift = drift is null ? [] : [drift], Unlanded = unlanded ? [Key(ctx, record)] : [] };
    }

    private static Task<JsonObject?> CanaryAsync(StepContext ctx, ReleaseRecord record, CancellationToken ct) =>
        ctx.Kube.GetCachedAsync(KubeResource.Ingresses, ctx.Namespace, Routing(record).CanaryIngress!, ct);

    private static void ThrowIfDrifted(StepContext ctx, ReleaseRecord record, JsonObject? live)
    {
        if (record.Ledger.Drift(Key(ctx, record), live is null ? null : Managed(live)) is { } drift)
            throw new ReleaseConflictException(DriftFinding.Refusal([drift]));
    }

    /// <summary>
    /// What Graylane manages in its canary Ingress, as the ledger keeps it: the canary annotations (the ledger's drift
    /// check skips metadata, and they are the routing) and the spec.
    /// </summary>
    private static JsonObject Managed(JsonObject ingress) => new()
    {
        ["annotations"] = new JsonObject(Annotations(ingress).Select(a => KeyValuePair.Create(a.Key, (JsonNode?)JsonValue.Create(a.Value)))),
        ["spec"] = ingress["spec"]?.DeepClone(),
    };

    /// <summary>The crash-safe write of the canary Ingress (see <see cref="ManagedWrites"/>), its ledger entry being <see cref="Managed"/>.</summary>
    private static async Task<JsonObject> PutAsync(StepContext ctx, ReleaseSession session, JsonObject? live, JsonObject desired, CancellationToken ct)
    {
        var record = session.Current;
        var key = Key(ctx, record);
        ThrowIfDrifted(ctx, record, live);
        session.Snapshot(KubeResource.Ingresses, Obj.Name(desired), live, ctx.Namespace);
        record.Ledger.Intend(key, live is null ? null : Managed(live), Managed(desired), session.PendingUntil(ctx), live is null ? null : Obj.ResourceVersion(live));
        await session.SaveAsync(ct);
        JsonObject stored;
        try
        {
            stored = live is null
                ? await ObjectWriter.CreateAsync(ctx.Kube, KubeResource.Ingresses, ctx.Namespace, desired, ct)
                : await ctx.Kube.ReplaceAsync(KubeResource.Ingresses, ctx.Namespace, desired, ct);
        }
        catch (KubeApiException ex) when (ex.IsConflict)
        {
            throw new ReleaseConflictException($"{key} changed while Graylane was writing it; nothing was overwritten — run the step again to plan from the new version");
        }
        record.Ledger.Written(key, Managed(stored));
        return stored;
    }

    private static ObjectKey Key(StepContext ctx, ReleaseRecord record) => new(KubeResource.Ingresses.Kind, ctx.Namespace, Routing(record).CanaryIngress!);

    /// <summary>The canary annotations of an Ingress, in order (what a shift writes and reads back).</summary>
    private static List<KeyValuePair<string, string>> Annotations(JsonObject ingress) =>
        Obj.Annotations(ingress).Where(a => NginxCanaryRules.All.Contains(a.Key)).OrderBy(a => a.Key, StringComparer.Ordinal).ToList();

    /// <summary>"canary-weight 30, canary-by-header x-canary=true" for the log.</summary>
    private static string Describe(JsonObject ingress) =>
        string.Join(", ", Annotations(ingress).Where(a => a.Key != NginxCanaryRules.Canary).Select(a => $"{a.Key[NginxCanaryRules.Prefix.Length..]} {a.Value}"));

    private static NginxRouting Routing(ReleaseRecord record) =>
        record.Nginx ?? throw new ReleaseConflictException($"the release of {record.App} has no ingress-nginx routing recorded");

    private static string Service(ReleaseRecord record, bool asInput = false) => record.Workloads.Single().Service ?? throw (asInput
        ? new InvalidInputException("service", "--router nginx needs --service: Ingress backends are Services, and the gray pods get a canary Service beside it")
        : new ReleaseConflictException($"the release of {record.App} has no Service in front of {record.Workloads.Single().BaselineWorkload}; give --service to deploy-gray"));
}
