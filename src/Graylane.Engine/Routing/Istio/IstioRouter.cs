using System.Globalization;
using System.Text.Json.Nodes;
using Graylane.Core.Json;
using Graylane.Core.Model;
using Graylane.Core.Planning;
using Graylane.Core.Planning.Istio;
using Graylane.Engine.Records;
using Graylane.Engine.Workloads;
using Graylane.Kubernetes;

namespace Graylane.Engine.Routing.Istio;

/// <summary>
/// Canary through Istio. Subset mode: one Service, versions told apart by DestinationRule subsets keyed on the
/// version label. Host mode (--canary-service): a stable and a canary Service, each a destination. Graylane edits
/// only the route it manages inside the user's VirtualService plus the match routes it names, creates the
/// VirtualService and DestinationRule only when there are none, reads every write back, and refuses to
/// overwrite changes someone else made since its last write (the ledger).
/// </summary>
public sealed class IstioRouter : ITrafficRouter
{
    public RouterKind Kind => RouterKind.Istio;

    public RouterCapabilities Capabilities { get; } = new()
    {
        PartialWeights = true,
        Matches = MatchSupport.All, // cookies become a regex on the cookie header
        Mirror = true,
        SetHeader = true,
        PromoteModes = new HashSet<PromoteMode> { PromoteMode.Replace, PromoteMode.InPlace },
        RouteInputs = new HashSet<string> { "virtual-service", "gateway", "host", "route", "canary-service" },
    };

    public void Validate(TrafficState wanted)
    {
        CapabilityCheck.Check(Kind, Capabilities, wanted, RouterRegistry.Capabilities);
        Shift("app", wanted).Validate();
    }

    /// <summary>The VirtualService, route and canary Service the selection names must exist and fit, before the lease is taken.</summary>
    public async Task ValidatePrepareAsync(StepContext ctx, ReleaseRecord record, PrepareRequest request, CancellationToken ct)
    {
        record = record.Clone(); // reads only: the record the step saves is left as it is
        var mesh = Select(record, request.Selection);
        var service = Service(record);
        if (mesh.Mode == IstioMode.Host && record.Manifests is { InPlace: true })
            throw new Core.Validation.InvalidInputException("canary-service",
                "--canary-service does not go with an in-place promote (--manifests): the stable Deployment keeps its name and its own Service, " +
                "so the release routes by DestinationRule subsets of Service " + service + "; leave out --canary-service");
        if (mesh.Mode == IstioMode.Host && await ctx.Kube.GetCachedAsync(KubeResource.Services, ctx.Namespace, mesh.CanaryService!, ct) is null)
            throw new Core.Validation.InvalidInputException("canary-service", $"--canary-service {mesh.CanaryService} not found in namespace {ctx.Namespace}");
        if (await MeshObjects.FindVirtualServiceAsync(ctx, record, service, ct) is { } existing)
        {
            var managed = VirtualServicePlanner.FindRoute(existing, mesh.Route, service);
            if (mesh.Mode == IstioMode.Subset) VirtualServicePlanner.CheckNoUnsubsettedRoutes(existing, managed, service);
        }
    }

    public async Task PrepareAsync(StepContext ctx, ReleaseSession session, PrepareRequest request, CancellationToken ct)
    {
        var record = session.Current;
        var mesh = Select(record, request.Selection);
        // Host mode: the stable Service must front the baseline only, or it would route to the gray pods too.
        if (mesh.Mode == IstioMode.Host)
            foreach (var w in record.Workloads.Where(w => w.Service is not null))
                await SelectorWriter.PinToBaselineAsync(ctx, session, w, w.Service!, request.GrayPodLabels, ct);
        ctx.Info("Routing all traffic to the baseline through Istio before the gray pods start");
        await ShiftAsync(ctx, session, new TrafficState { Weight = 0 }, ct);
    }

    public async Task<bool> ShiftAsync(StepContext ctx, ReleaseSession session, TrafficState wanted, CancellationToken ct)
    {
        var record = session.Current;
        var mesh = Mesh(record);
        var w = record.Workloads.Single();
        var service = Service(record);
        var shift = Shift(record.App, wanted);
        shift.Validate();

        // Everything that can refuse the request is checked before the first write.
        var existing = await MeshObjects.FindVirtualServiceAsync(ctx, record, service, ct);
        if (existing is not null)
        {
            VirtualServicePlanner.FindRoute(existing, mesh.Route, service);
            ThrowIfDrifted(record, existing);
        }
        var (target, ruleChange) = await MeshObjects.PlanTargetAsync(ctx, session, service, ct);
        if (existing is null && ruleChange is not null)
        {
            // The VirtualService created next names the subsets: they exist first.
            await WriteRuleAsync(ctx, session, ruleChange, ct);
            ruleChange = null;
        }
        var vs = existing ?? await MeshObjects.CreateVirtualServiceAsync(ctx, session, service, target, ct);
        var name = Obj.Name(vs);

        var index = VirtualServicePlanner.FindRoute(vs, mesh.Route, service);
        var planned = VirtualServicePlanner.Plan(vs, index, target, shift);
        mesh.Route ??= (string?)(vs["spec"]?["http"] as JsonArray)?[index]?["name"];
        if (JsonNode.DeepEquals(planned, vs))
        {
            ctx.Info($"VirtualService {name} already routes {wanted}");
            ManagedWrites.Adopt(ctx, record, KubeResource.VirtualServices, vs);
            if (ruleChange is null) return false;
            await WriteRuleAsync(ctx, session, ruleChange, ct);
            return true;
        }
        // A subset to add and the route naming it: one record write holds both intents, the DestinationRule is written first.
        // The write's answer is the object as stored: it is the read-back.
        var stored = await ManagedWrites.PutAllAsync(ctx, session,
            ruleChange is null ? [new(KubeResource.VirtualServices, vs, planned)] : [ruleChange, new(KubeResource.VirtualServices, vs, planned)], ct);
        if (ruleChange is not null) LogRule(ctx, record);
        var after = stored[^1];
        var weights = VirtualServicePlanner.ReadWeights(after, VirtualServicePlanner.FindRoute(after, mesh.Route, service), target, record.App);
        if (!weights.Satisfies(shift))
            throw new Steps.StepFailedException($"VirtualService {ctx.Namespace}/{name}: read back {weights} after the write, expected {wanted}");
        ctx.Info($"VirtualService {name}: {weights}");
        return true;
    }

    private static async Task WriteRuleAsync(StepContext ctx, ReleaseSession session, ManagedWrites.PlannedWrite change, CancellationToken ct)
    {
        await ManagedWrites.PutAsync(ctx, session, change.Resource, change.Current, change.Wanted, ct);
        LogRule(ctx, session.Current);
    }

    private static void LogRule(StepContext ctx, ReleaseRecord record) =>
        ctx.Info($"DestinationRule {record.Mesh?.DestinationRule}: added subsets for {record.Mesh?.BaselineSubset} and {record.Mesh?.GraySubset}");

    public async Task FinishPromoteAsync(StepContext ctx, ReleaseSession session, PromoteStage stage, PromoteTarget target, CancellationToken ct)
    {
        var record = session.Current;
        var mesh = Mesh(record);
        var service = Service(record);
        if (target.Mode == PromoteMode.InPlace)
        {
            // The stable runs the new version under its own name: the user's routing again, before the gray goes.
            if (stage == PromoteStage.BeforeRetire) await IstioInPlace.RestoreRoutingAsync(ctx, session, ct);
            return;
        }
        if (stage == PromoteStage.BeforeRetire)
        {
            // Host mode: the stable Service fronts the new version while the old one still runs, so its clients never
            // meet a Service without ready pods.
            if (mesh.Mode == IstioMode.Host) await SwitchStableServiceAsync(ctx, session, service, ct);
            return;
        }
        // With the old version gone, the route points at the new version alone (host mode: the stable Service again),
        // and Graylane's match routes and mirror go. A VirtualService Graylane created goes entirely (RemoveCreatedAsync).
        var vsName = mesh.VirtualService!;
        if (record.FindSnapshot(KubeResource.VirtualServices.Kind, vsName) is { Existed: false }) return;
        var vs = await ctx.Kube.GetCachedAsync(KubeResource.VirtualServices, ctx.Namespace, vsName, ct);
        if (vs is null) return;
        ThrowIfDrifted(record, vs);
        var pointAt = mesh.Mode == IstioMode.Host ? IstioTarget.Hosts(mesh.CanaryService!, service) : Target(mesh, service);
        var cleaned = VirtualServicePlanner.RemoveManaged(vs, record.App, VirtualServicePlanner.FindRoute(vs, mesh.Route, service), pointAt);
        if (JsonNode.DeepEquals(cleaned, vs)) return;
        await ManagedWrites.PutAsync(ctx, session, KubeResource.VirtualServices, vs, cleaned, ct);
        ctx.Info($"VirtualService {vsName}: route {mesh.Route ?? "(unnamed)"} now goes to {record.GrayVersion} only; Graylane's routes removed");
    }

    public Task<IReadOnlyList<StrandedRoute>> FindStrandedRoutesAsync(StepContext ctx, ReleaseRecord record, CancellationToken ct) =>
        StrandedRoutes.FindAsync(ctx, record, (vs, route) => IsManagedRoute(record, vs, route), ct);

    public Task MoveStrandedRoutesAsync(StepContext ctx, ReleaseSession session, IReadOnlyList<StrandedRoute> routes, CancellationToken ct) =>
        StrandedRoutes.MoveAsync(ctx, session, routes, ct);

    /// <summary>The route this release splits (it goes to the new version alone at promote); every other route is the user's.</summary>
    private static bool IsManagedRoute(ReleaseRecord record, JsonObject vs, JsonObject route)
    {
        if (record.Mesh is not { VirtualService: { } name } mesh || Obj.Name(vs) != name || record.Workloads.Single().Service is not { } service) return false;
        if (mesh.Route is { } routeName) return GraylaneRoutes.Name(route) == routeName;
        try
        {
            return ReferenceEquals(Obj.Objects(vs["spec"]?["http"]).ElementAtOrDefault(VirtualServicePlanner.FindRoute(vs, null, service)), route);
        }
        catch (Core.Validation.InvalidInputException)
        {
            return false;
        }
    }

    /// <summary>The VirtualService and DestinationRule Graylane made only for the release: with the old version gone, the Service alone routes correctly.</summary>
    public async Task RemoveCreatedAsync(StepContext ctx, ReleaseSession session, CancellationToken ct)
    {
        var record = session.Current;
        foreach (var s in record.Snapshots.Where(s => !s.Existed && s.Kind is "VirtualService" or "DestinationRule").Reverse())
        {
            if (await ObjectWriter.DeleteAsync(ctx.Kube, KubeResource.ForKind(s.ApiVersion, s.Kind), s.Namespace ?? ctx.Namespace, s.Name, null, ct))
                ctx.Info($"Deleted {s.Kind} {s.Name}, created for the release");
            record.Ledger.Forget(new ObjectKey(s.Kind, s.Namespace ?? ctx.Namespace, s.Name));
        }
    }

    /// <summary>Rollback: whatever someone changed, the route goes back to the baseline (host mode: the stable Service to the baseline first).</summary>
    public async Task SendTrafficBackAsync(StepContext ctx, ReleaseSession session, CancellationToken ct)
    {
        var record = session.Current;
        if (record.Mesh is not { VirtualService: { } vsName } mesh) return;
        AcceptDrift(record);
        if (mesh.Mode == IstioMode.Host && record.Workloads.Single().Service is { } stable
            && await ctx.Kube.GetCachedAsync(KubeResource.Services, ctx.Namespace, stable, ct) is { } live)
        {
            var w = record.Workloads.Single();
            await SelectorWriter.PointAsync(ctx, session, live, VersionSelectors.Baseline(record, w), VersionSelectors.Gray(record, w), ct, rollback: true);
        }
        if (await ctx.Kube.GetCachedAsync(KubeResource.VirtualServices, ctx.Namespace, vsName, ct) is not null)
            await ShiftAsync(ctx, session, new TrafficState { Weight = 0 }, ct);
    }

    public void AcceptDrift(ReleaseRecord record) => record.Ledger.AcceptDrift();

    public async Task<TrafficSplit> ReadAsync(StepContext ctx, ReleaseRecord record, CancellationToken ct)
    {
        var w = record.Workloads.Single();
        var shares = new List<VersionShare>();
        var notes = new List<string>();
        var mesh = record.Mesh;
        if (record.Manifests is { InPlace: true } && record.Phase is ReleasePhase.Promoted or ReleasePhase.RolledBack)
        {
            // Promoted in place (or a first release), or rolled back: the routing is the user's own again, in front of the
            // stable Deployment, which runs the promoted version or, after a rollback, the baseline again.
            var promoted = record.Phase == ReleasePhase.Promoted;
            var name = w.Service ?? w.BaseName;
            notes.Add(promoted ? $"promoted in place: the mesh sends all traffic to Deployment {w.BaseName}" : "rolled back: the mesh routes as it did before the release");
            shares.Add(new VersionShare(name, record.BaselineVersion, w.BaselineWorkload, "baseline", promoted ? 0 : 100));
            shares.Add(new VersionShare(name, record.GrayVersion, promoted ? w.BaseName : w.GrayWorkload, promoted ? "stable" : "gray", promoted ? 100 : 0));
            return new TrafficSplit(shares, notes);
        }
        var vs = mesh?.VirtualService is { } n ? await ctx.Kube.GetCachedAsync(KubeResource.VirtualServices, ctx.Namespace, n, ct) : null;
        if (vs is null || w.Service is null || mesh is null)
        {
            var promoted = record.Phase == ReleasePhase.Promoted;
            notes.Add(promoted
                ? "the VirtualService and DestinationRule Graylane created were removed at promote; the Service routes to the version that remains"
                : record.Phase == ReleasePhase.RolledBack
                    ? "the VirtualService and DestinationRule Graylane created were removed at rollback; the Service routes to the baseline"
                    : "no VirtualService routes this release (yet)");
            shares.Add(new VersionShare(w.Service ?? w.BaselineWorkload, record.BaselineVersion, w.BaselineWorkload, "baseline", promoted ? 0 : 100));
            shares.Add(new VersionShare(w.Service ?? w.GrayWorkload, record.GrayVersion, w.GrayWorkload, "gray", promoted ? 100 : 0));
            var gone = mesh?.VirtualService is { } name ? record.Ledger.Drift(new ObjectKey(KubeResource.VirtualServices.Kind, ctx.Namespace, name), null) : null;
            return new TrafficSplit(shares, notes) { Drift = gone is null ? [] : [gone] };
        }
        var weights = VirtualServicePlanner.ReadWeights(vs, VirtualServicePlanner.FindRoute(vs, mesh.Route, w.Service), Target(mesh, w.Service), record.App);
        shares.Add(new VersionShare(w.Service, record.BaselineVersion, w.BaselineWorkload, "baseline", weights.Baseline));
        shares.Add(new VersionShare(w.Service, record.GrayVersion, w.GrayWorkload, "gray", weights.Gray));
        if (weights.MatchRoutes > 0) notes.Add($"{weights.MatchRoutes} match route(s) send matching requests to {record.GrayVersion}: {string.Join(" OR ", record.Traffic.Matches)}");
        if (weights.MirrorPercent is > 0) notes.Add($"{weights.MirrorPercent.Value.ToString(CultureInfo.InvariantCulture)}% of the traffic is mirrored to {record.GrayVersion}");
        var drift = record.Ledger.Drift(Key(record, vs), vs);
        return new TrafficSplit(shares, notes)
        {
            Drift = drift is null ? [] : [drift],
            Unlanded = record.Ledger.Unlanded(Key(record, vs), vs) ? [Key(record, vs)] : [],
        };
    }

    private static async Task SwitchStableServiceAsync(StepContext ctx, ReleaseSession session, string service, CancellationToken ct)
    {
        var record = session.Current;
        var w = record.Workloads.Single();
        var live = await ctx.Kube.GetCachedAsync(KubeResource.Services, ctx.Namespace, service, ct)
            ?? throw new ReleaseConflictException($"Service {ctx.Namespace}/{service} no longer exists");
        var gray = VersionSelectors.Gray(record, w);
        if (VersionSelectors.Selects(SelectorWriter.Selector(live), gray)) return;
        await WorkloadReadiness.EnsureReadyAsync(ctx, w.GrayWorkload, record.GrayVersion, ct);
        await SelectorWriter.PointAsync(ctx, session, live, gray, VersionSelectors.Baseline(record, w), ct);
        ctx.Info($"Service {service}: selector {VersionSelectors.Format(gray)} — the stable Service now fronts the new version");
    }

    private static void ThrowIfDrifted(ReleaseRecord record, JsonObject live)
    {
        if (record.Ledger.Drift(Key(record, live), live) is { } drift)
            throw new ReleaseConflictException(DriftFinding.Refusal([drift]));
    }

    private static ObjectKey Key(ReleaseRecord record, JsonObject vs) =>
        new(KubeResource.VirtualServices.Kind, Obj.Namespace(vs) ?? record.Namespace, Obj.Name(vs));

    /// <summary>The selection a release keeps from its first deploy-gray (a resumed run keeps what was recorded).</summary>
    private static MeshRouting Select(ReleaseRecord record, RouteSelection selection)
    {
        var mesh = record.Mesh ??= new MeshRouting();
        mesh.VirtualService ??= selection.VirtualService;
        mesh.Gateway ??= selection.Gateway;
        mesh.Host ??= selection.Host;
        mesh.Route ??= selection.Route;
        mesh.CanaryService ??= selection.CanaryService;
        mesh.Mode = mesh.CanaryService is null ? IstioMode.Subset : IstioMode.Host;
        return mesh;
    }

    internal static MeshRouting Mesh(ReleaseRecord record) =>
        record.Mesh ?? throw new ReleaseConflictException($"the release of {record.App} has no Istio routing recorded");

    private static string Service(ReleaseRecord record) => record.Workloads.Single().Service ?? throw new ReleaseConflictException(
        $"the release of {record.App} has no Service in front of {record.Workloads.Single().BaselineWorkload}; give --service to deploy-gray so the Istio router knows the host to route");

    private static IstioShift Shift(string app, TrafficState wanted) => new(
        app,
        wanted.Weight,
        wanted.Matches.Select(MatchParser.Parse).ToList(),
        wanted.Mirror > 0 ? wanted.Mirror : null,
        wanted.SetHeaders.Select(SetHeaderParser.Parse).ToDictionary(kv => kv.Key, kv => kv.Value, StringComparer.Ordinal));

    internal static IstioTarget Target(MeshRouting mesh, string service) =>
        mesh.Mode == IstioMode.Host
            ? IstioTarget.Hosts(service, mesh.CanaryService!)
            : IstioTarget.Subsets(service, mesh.BaselineSubset!, mesh.GraySubset!);
}
