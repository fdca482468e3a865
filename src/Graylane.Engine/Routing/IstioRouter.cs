using System.Globalization;
using System.Text.Json.Nodes;
using Graylane.Core.Json;
using Graylane.Core.Model;
using Graylane.Core.Planning;
using Graylane.Core.Planning.Istio;
using Graylane.Core.Validation;
using Graylane.Engine.Records;
using Graylane.Engine.Workloads;
using Graylane.Kubernetes;

namespace Graylane.Engine.Routing;

/// <summary>
/// Canary through Istio. Subset mode: one Service, versions told apart by DestinationRule subsets keyed on the
/// version label. Host mode (--canary-service): a stable and a canary Service, each a destination. Graylane edits
/// only the route it manages inside the user's VirtualService plus the match routes it names, creates the
/// VirtualService and DestinationRule only when there are none, reads every write back, and refuses to
/// overwrite changes someone else made since its last write.
/// </summary>
public sealed class IstioRouter : ITrafficRouter
{
    public string Name => "istio";

    public void Validate(TrafficState wanted) => Shift("app", wanted).Validate();

    public async Task PrepareAsync(StepContext ctx, ReleaseSession session, RouteSelection selection, IReadOnlyDictionary<string, string> grayPodLabels, CancellationToken ct)
    {
        var mesh = session.Current.Mesh ??= new MeshRouting();
        mesh.VirtualService ??= selection.VirtualService;
        mesh.Gateway ??= selection.Gateway;
        mesh.Host ??= selection.Host;
        mesh.Route ??= selection.Route;
        mesh.CanaryService ??= selection.CanaryService;
        // Host mode: the stable Service must front the baseline only, or it would route to the gray pods too.
        if (mesh.CanaryService is not null)
            await new ServiceSelectorRouter().PrepareAsync(ctx, session, selection, grayPodLabels, ct);
        ctx.Info("Routing all traffic to the baseline through Istio before the gray pods start");
        await ShiftAsync(ctx, session, new TrafficState { Weight = 0 }, ct);
    }

    public async Task<bool> ShiftAsync(StepContext ctx, ReleaseSession session, TrafficState wanted, CancellationToken ct)
    {
        var record = session.Current;
        var mesh = record.Mesh ??= new MeshRouting();
        var w = record.Workloads.Single();
        var service = w.Service ?? throw new ReleaseConflictException(
            $"the release of {record.App} has no Service in front of {w.BaselineWorkload}; give --service to deploy-gray so the Istio router knows the host to route");
        var shift = Shift(record.App, wanted);
        shift.Validate();

        // Everything that can refuse the request is checked before the first write.
        var existing = await FindVirtualServiceAsync(ctx, record, service, ct);
        if (existing is not null)
        {
            VirtualServicePlanner.FindRoute(existing, mesh.Route, service);
            CheckDrift(record, existing);
        }
        var target = await EnsureTargetAsync(ctx, session, service, ct);
        var (vs, created) = existing is not null ? (existing, false) : (await CreateVirtualServiceAsync(ctx, session, service, target, ct), true);
        var name = Obj.Name(vs);
        if (!created) CheckDrift(record, vs);

        var index = VirtualServicePlanner.FindRoute(vs, mesh.Route, service);
        var planned = VirtualServicePlanner.Plan(vs, index, target, shift);
        mesh.Route ??= (string?)(vs["spec"]?["http"] as JsonArray)?[index]?["name"];
        if (JsonNode.DeepEquals(planned, vs))
        {
            ctx.Info($"VirtualService {name} already routes {wanted}");
            mesh.LastWritten = ServerFields.Strip(vs);
            return false;
        }
        if (wanted.Weight > 0 || wanted.Matches.Count > 0 || wanted.Mirror > 0)
            await WorkloadReadiness.EnsureReadyAsync(ctx, w.GrayWorkload, record.GrayVersion, ct);
        if (wanted.Weight < 100)
            await WorkloadReadiness.EnsureReadyAsync(ctx, w.BaselineWorkload, record.BaselineVersion, ct);

        await session.SnapshotAsync(KubeResource.VirtualServices, name, vs, ct);
        mesh.PendingWrite = ServerFields.Strip(planned);
        await session.SaveAsync(ct);
        JsonObject written;
        try
        {
            written = await ctx.Kube.ReplaceAsync(KubeResource.VirtualServices, ctx.Namespace, planned, ct);
        }
        catch (KubeApiException ex) when (ex.IsConflict)
        {
            throw new ReleaseConflictException($"VirtualService {ctx.Namespace}/{name} changed while Graylane was writing it; nothing was overwritten — run shift-traffic again to plan from the new version");
        }
        var after = await ctx.Kube.GetAsync(KubeResource.VirtualServices, ctx.Namespace, name, ct) ?? written;
        var weights = VirtualServicePlanner.ReadWeights(after, VirtualServicePlanner.FindRoute(after, mesh.Route, service), target, record.App);
        if (!weights.Satisfies(shift))
            throw new Steps.StepFailedException($"VirtualService {ctx.Namespace}/{name}: read back {weights} after the write, expected {wanted}");
        mesh.LastWritten = ServerFields.Strip(after);
        mesh.PendingWrite = null;
        ctx.Info($"VirtualService {name}: {weights}");
        return true;
    }

    public async Task FinishPromoteAsync(StepContext ctx, ReleaseSession session, CancellationToken ct)
    {
        var record = session.Current;
        var mesh = record.Mesh ?? throw new ReleaseConflictException($"the release of {record.App} has no Istio routing recorded");
        var service = record.Workloads.Single().Service!;
        var target = Target(mesh, service);
        if (mesh.CanaryService is { } canary)
        {
            // Host mode: the stable Service now fronts the new version, and the route goes back to it alone.
            await SwitchStableServiceAsync(ctx, session, service, ct);
            target = IstioTarget.Hosts(canary, service);
        }
        var vsName = mesh.VirtualService!;
        var vs = await ctx.Kube.GetAsync(KubeResource.VirtualServices, ctx.Namespace, vsName, ct);
        if (record.FindSnapshot("VirtualService", vsName) is { Existed: false } || record.FindSnapshot("DestinationRule", mesh.DestinationRule ?? "") is { Existed: false })
        {
            // Graylane made these only for the release: with the old version gone, the Service alone routes correctly.
            foreach (var s in record.Snapshots.Where(s => !s.Existed && s.Kind is "VirtualService" or "DestinationRule"))
                if (await ObjectWriter.DeleteAsync(ctx.Kube, KubeResource.ForKind(s.ApiVersion, s.Kind), ctx.Namespace, s.Name, null, ct))
                    ctx.Info($"Deleted {s.Kind} {s.Name}, created for the release");
            if (record.FindSnapshot("VirtualService", vsName) is { Existed: false }) return;
        }
        if (vs is null) return;
        CheckDrift(record, vs);
        var cleaned = VirtualServicePlanner.RemoveManaged(vs, record.App, VirtualServicePlanner.FindRoute(vs, mesh.Route, service), target);
        if (JsonNode.DeepEquals(cleaned, vs)) return;
        mesh.PendingWrite = ServerFields.Strip(cleaned);
        await session.SaveAsync(ct);
        var written = await ctx.Kube.ReplaceAsync(KubeResource.VirtualServices, ctx.Namespace, cleaned, ct);
        mesh.LastWritten = ServerFields.Strip(written);
        mesh.PendingWrite = null;
        ctx.Info($"VirtualService {vsName}: route {mesh.Route ?? "(unnamed)"} now goes to {record.GrayVersion} only; Graylane's routes removed");
    }

    public async Task<TrafficSplit> ReadAsync(StepContext ctx, ReleaseRecord record, CancellationToken ct)
    {
        var w = record.Workloads.Single();
        var shares = new List<VersionShare>();
        var notes = new List<string>();
        var mesh = record.Mesh;
        var vs = mesh?.VirtualService is { } n ? await ctx.Kube.GetAsync(KubeResource.VirtualServices, ctx.Namespace, n, ct) : null;
        if (vs is null || w.Service is null || mesh is null)
        {
            notes.Add(record.Phase == ReleasePhase.Promoted
                ? "the VirtualService and DestinationRule Graylane created were removed at promote; the Service routes to the version that remains"
                : "no VirtualService routes this release (yet)");
            shares.Add(new VersionShare(w.Service ?? w.BaselineWorkload, record.BaselineVersion, w.BaselineWorkload, "baseline", record.Phase == ReleasePhase.Promoted ? 0 : 100));
            shares.Add(new VersionShare(w.Service ?? w.GrayWorkload, record.GrayVersion, w.GrayWorkload, "gray", record.Phase == ReleasePhase.Promoted ? 100 : 0));
            return new TrafficSplit(shares, notes);
        }
        var weights = VirtualServicePlanner.ReadWeights(vs, VirtualServicePlanner.FindRoute(vs, mesh.Route, w.Service), Target(mesh, w.Service), record.App);
        shares.Add(new VersionShare(w.Service, record.BaselineVersion, w.BaselineWorkload, "baseline", weights.Baseline));
        shares.Add(new VersionShare(w.Service, record.GrayVersion, w.GrayWorkload, "gray", weights.Gray));
        if (weights.MatchRoutes > 0) notes.Add($"{weights.MatchRoutes} match route(s) send matching requests to {record.GrayVersion}: {string.Join(" OR ", record.Traffic.Matches)}");
        if (weights.MirrorPercent is > 0) notes.Add($"{weights.MirrorPercent.Value.ToString(CultureInfo.InvariantCulture)}% of the traffic is mirrored to {record.GrayVersion}");
        if (Drift(mesh, vs) is { Count: > 0 } drift)
            notes.Add($"VirtualService {Obj.Name(vs)} was changed since Graylane wrote it: {string.Join("; ", drift)}");
        return new TrafficSplit(shares, notes);
    }

    private static async Task SwitchStableServiceAsync(StepContext ctx, ReleaseSession session, string service, CancellationToken ct)
    {
        var record = session.Current;
        var w = record.Workloads.Single();
        var live = await ctx.Kube.GetAsync(KubeResource.Services, ctx.Namespace, service, ct)
            ?? throw new ReleaseConflictException($"Service {ctx.Namespace}/{service} no longer exists");
        if ((string?)live["spec"]?["selector"]?[record.VersionLabel] == record.GrayVersion) return;
        await WorkloadReadiness.EnsureReadyAsync(ctx, w.GrayWorkload, record.GrayVersion, ct);
        await ServiceSelectorRouter.PointSelectorAsync(ctx, session, service, live, record.GrayVersion, ct);
        ctx.Info($"Service {service}: selector {record.VersionLabel}={record.GrayVersion} — the stable Service now fronts the new version");
    }

    private static IstioShift Shift(string app, TrafficState wanted) => new(
        app,
        wanted.Weight,
        wanted.Matches.Select(MatchParser.Parse).ToList(),
        wanted.Mirror > 0 ? wanted.Mirror : null,
        wanted.SetHeaders.Select(SetHeaderParser.Parse).ToDictionary(kv => kv.Key, kv => kv.Value, StringComparer.Ordinal));

    private static IstioTarget Target(MeshRouting mesh, string service) =>
        mesh.CanaryService is { } canary
            ? IstioTarget.Hosts(service, canary)
            : IstioTarget.Subsets(service, mesh.BaselineSubset!, mesh.GraySubset!);

    /// <summary>Subset mode: a DestinationRule with a subset per version (reusing the user's when they already select it).</summary>
    private static async Task<IstioTarget> EnsureTargetAsync(StepContext ctx, ReleaseSession session, string service, CancellationToken ct)
    {
        var record = session.Current;
        var mesh = record.Mesh!;
        if (mesh.CanaryService is { } canary)
        {
            if (await ctx.Kube.GetAsync(KubeResource.Services, ctx.Namespace, canary, ct) is null)
                throw new InvalidInputException("canary-service", $"--canary-service {canary} not found in namespace {ctx.Namespace}");
            return IstioTarget.Hosts(service, canary);
        }
        var wanted = new[] { (Subset: record.BaselineVersion, Version: record.BaselineVersion), (Subset: record.GrayVersion, Version: record.GrayVersion) };
        var rules = await ctx.Kube.ListItemsAsync(KubeResource.DestinationRules, ctx.Namespace, ct: ct);
        var dr = mesh.DestinationRule is { } known
            ? rules.FirstOrDefault(r => Obj.Name(r) == known)
            : rules.FirstOrDefault(r => (string?)r["spec"]?["host"] is { } h && IstioHosts.Same(h, service, ctx.Namespace));
        if (dr is null)
        {
            var created = DestinationRulePlanner.Create($"graylane-{service}", ctx.Namespace, service, record.VersionLabel, wanted);
            mesh.DestinationRule = Obj.Name(created);
            await session.SnapshotAsync(KubeResource.DestinationRules, mesh.DestinationRule, null, ct);
            await ObjectWriter.CreateAsync(ctx.Kube, KubeResource.DestinationRules, ctx.Namespace, created, ct);
            ctx.Info($"Created DestinationRule {mesh.DestinationRule} with subsets {record.BaselineVersion} and {record.GrayVersion} ({record.VersionLabel} label)");
            (mesh.BaselineSubset, mesh.GraySubset) = (record.BaselineVersion, record.GrayVersion);
        }
        else
        {
            mesh.DestinationRule = Obj.Name(dr);
            var plan = DestinationRulePlanner.EnsureSubsets(dr, service, record.VersionLabel, wanted);
            (mesh.BaselineSubset, mesh.GraySubset) = (plan.SubsetNames[record.BaselineVersion], plan.SubsetNames[record.GrayVersion]);
            if (plan.Changed)
            {
                await session.SnapshotAsync(KubeResource.DestinationRules, mesh.DestinationRule, dr, ct);
                await ctx.Kube.ReplaceAsync(KubeResource.DestinationRules, ctx.Namespace, plan.DestinationRule, ct);
                ctx.Info($"DestinationRule {mesh.DestinationRule}: added subsets for {record.BaselineVersion} and {record.GrayVersion}");
            }
        }
        return IstioTarget.Subsets(service, mesh.BaselineSubset!, mesh.GraySubset!);
    }

    private static async Task<JsonObject?> FindVirtualServiceAsync(StepContext ctx, ReleaseRecord record, string service, CancellationToken ct)
    {
        var mesh = record.Mesh!;
        JsonObject? vs;
        if (mesh.VirtualService is { } known && record.FindSnapshot("VirtualService", known) is not null)
        {
            vs = await ctx.Kube.GetAsync(KubeResource.VirtualServices, ctx.Namespace, known, ct);
            if (vs is null && record.FindSnapshot("VirtualService", known) is { Existed: true })
                throw new ReleaseConflictException($"VirtualService {ctx.Namespace}/{known} managed by the release of {record.App} was deleted by someone else; roll back or recreate it");
        }
        else
        {
            var all = await ctx.Kube.ListItemsAsync(KubeResource.VirtualServices, ctx.Namespace, ct: ct);
            vs = VirtualServiceFinder.Find(all, mesh.VirtualService, service, mesh.Gateway, mesh.Host);
        }
        if (vs is not null) mesh.VirtualService = Obj.Name(vs);
        return vs;
    }

    private static async Task<JsonObject> CreateVirtualServiceAsync(StepContext ctx, ReleaseSession session, string service, IstioTarget target, CancellationToken ct)
    {
        var record = session.Current;
        var mesh = record.Mesh!;
        var gateways = mesh.Gateway is null ? null : new[] { mesh.Gateway };
        var hosts = mesh.Host is null ? null : new[] { mesh.Host };
        var created = VirtualServicePlanner.CreateVirtualService(mesh.VirtualService ?? $"graylane-{service}", ctx.Namespace, target, service, gateways, hosts);
        mesh.VirtualService = Obj.Name(created);
        await session.SnapshotAsync(KubeResource.VirtualServices, mesh.VirtualService, null, ct);
        var stored = await ObjectWriter.CreateAsync(ctx.Kube, KubeResource.VirtualServices, ctx.Namespace, created, ct);
        ctx.Info($"Created VirtualService {mesh.VirtualService} routing {service} to {record.BaselineVersion}");
        mesh.LastWritten = ServerFields.Strip(stored);
        return stored;
    }

    /// <summary>Differences from Graylane's last write — none when the live object is that write or the one it was about to make.</summary>
    private static IReadOnlyList<string>? Drift(MeshRouting mesh, JsonObject live)
    {
        if (mesh.LastWritten is not { } last) return null;
        var drift = VirtualServicePlanner.DetectDrift(last, live);
        if (drift.Count > 0 && mesh.PendingWrite is { } pending && VirtualServicePlanner.DetectDrift(pending, live).Count == 0) return null;
        return drift;
    }

    /// <summary>Someone edited the VirtualService since Graylane's last write: say what changed instead of overwriting it.</summary>
    private static void CheckDrift(ReleaseRecord record, JsonObject live)
    {
        if (record.Mesh is not { } mesh || Drift(mesh, live) is not { Count: > 0 } drift) return;
        throw new ReleaseConflictException(
            $"VirtualService {Obj.Namespace(live)}/{Obj.Name(live)} was changed since Graylane last wrote it ({string.Join("; ", drift)}); " +
            "nothing was overwritten. Undo that change, or run shift-traffic with --accept-drift to plan from the VirtualService as it is now");
    }
}
