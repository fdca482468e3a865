using System.Text.Json.Nodes;
using Graylane.Core.Json;
using Graylane.Core.Model;
using Graylane.Core.Planning;
using Graylane.Core.Planning.Lanes;
using Graylane.Core.Validation;
using Graylane.Engine.Records;

namespace Graylane.Engine.Routing.Lanes;

/// <summary>
/// Full-link gray with lanes (scenario S3). The release's lane holds only the services it changes; a request tagged
/// for it (routeHeader) goes to the lane's version of a service when there is one, else to the service's baseline.
/// The gateway splits entering traffic between the old and the new lane by weight and tags each share.
/// "lanes" writes plain Istio objects, "asm-lanes" Alibaba ASM's ASMSwimLaneGroup/ASMSwimLane.
/// </summary>
public sealed class LanesRouter(LaneFlavor flavor) : ITrafficRouter
{
    public RouterKind Kind => flavor == LaneFlavor.Asm ? RouterKind.AsmLanes : RouterKind.Lanes;

    public LaneFlavor Flavor => flavor;

    public RouterCapabilities Capabilities { get; } = new()
    {
        PartialWeights = true,
        Lanes = true,
        DeletesRetiredWorkloads = true,
        Limits = new Dictionary<RouterFeature, string>
        {
            [RouterFeature.Match] = "lanes split traffic between lanes by --weight at the gateway (and tag it); request matches belong to dev lanes: graylane lane create --match ...",
            [RouterFeature.Mirror] = "lanes split traffic between lanes by --weight at the gateway",
            [RouterFeature.SetHeader] = "the gateway already sets the lane's route header on the traffic it sends to a lane",
        },
    };

    public void Validate(TrafficState wanted) => CapabilityCheck.Check(Kind, Capabilities, wanted, RouterRegistry.Capabilities);

    public Task PrepareAsync(StepContext ctx, ReleaseSession session, PrepareRequest request, CancellationToken ct)
    {
        ctx.Info("Adding the release's lane; the gateway keeps sending every request to the current lane until shift-traffic");
        return ApplyAsync(ctx, session, (m, r) => LaneChanges.Split(AddReleaseLane(m, r), r.BaselineVersion, r.GrayVersion, 0), ct);
    }

    public Task<bool> ShiftAsync(StepContext ctx, ReleaseSession session, TrafficState wanted, CancellationToken ct) =>
        ApplyAsync(ctx, session, (m, r) => LaneChanges.Split(AddReleaseLane(m, r), r.BaselineVersion, r.GrayVersion, wanted.Weight), ct);

    /// <summary>
    /// Before the old Deployments go: the changed services' baselines become the new lane, they leave their old lanes, and
    /// empty lanes go — so no request falls back to a Deployment about to be deleted. Nothing is left to do after.
    /// </summary>
    public async Task FinishPromoteAsync(StepContext ctx, ReleaseSession session, PromoteStage stage, PromoteTarget target, CancellationToken ct)
    {
        if (stage != PromoteStage.BeforeRetire) return;
        IReadOnlyList<string> deleted = [];
        await ApplyAsync(ctx, session, (m, r) =>
        {
            var (model, gone) = LaneChanges.Promote(AddReleaseLane(m, r), r.GrayVersion, Settings(r).ChangedServices);
            deleted = gone;
            return model;
        }, ct);
        var r = session.Current;
        ctx.Info($"Baselines: {string.Join(", ", Settings(r).ChangedServices.Select(s => $"{s} -> {r.GrayVersion}"))}" +
                 (deleted.Count > 0 ? $"; lane(s) {string.Join(", ", deleted)} deleted (none of their services takes traffic)" : ""));
    }

    public Task<IReadOnlyList<StrandedRoute>> FindStrandedRoutesAsync(StepContext ctx, ReleaseRecord record, CancellationToken ct) =>
        StrandedRoutes.FindAsync(ctx, record, (vs, route) => IsLaneRoute(ctx, record, vs, route), ct);

    public Task MoveStrandedRoutesAsync(StepContext ctx, ReleaseSession session, IReadOnlyList<StrandedRoute> routes, CancellationToken ct) =>
        StrandedRoutes.MoveAsync(ctx, session, routes, ct);

    /// <summary>The lanes' own per-service VirtualServices and the release's entry route at the gateway are the router's.</summary>
    private static bool IsLaneRoute(StepContext ctx, ReleaseRecord record, JsonObject vs, JsonObject route)
    {
        var settings = Settings(record);
        if (settings.Services.Any(s => Obj.Name(vs) == IstioLanesPlanner.ObjectName(s)) && Obj.Namespace(vs) == ctx.Namespace) return true;
        if (Obj.Name(vs) != settings.GatewayVirtualService) return false;
        var index = EntryRoutePlanner.FindRoute(vs, settings.EntryService, ctx.Namespace);
        return index >= 0 && ReferenceEquals(Obj.Objects(vs["spec"]?["http"]).ElementAtOrDefault(index), route);
    }

    /// <summary>Lane objects are the app's, kept across releases; an emptied lane was already deleted at promote.</summary>
    public Task RemoveCreatedAsync(StepContext ctx, ReleaseSession session, CancellationToken ct) => Task.CompletedTask;

    /// <summary>The snapshot restore that follows puts the lanes, the baselines and the gateway route back exactly: that is the switch back.</summary>
    public Task SendTrafficBackAsync(StepContext ctx, ReleaseSession session, CancellationToken ct) => Task.CompletedTask;

    public void AcceptDrift(ReleaseRecord record) => record.Ledger.AcceptDrift();

    public async Task<TrafficSplit> ReadAsync(StepContext ctx, ReleaseRecord record, CancellationToken ct)
    {
        var settings = Settings(record);
        LaneState live;
        try
        {
            live = await Wiring(ctx, record).ReadAsync(settings.InitialBaselines, ct);
        }
        catch (Exception ex) when (ex is InvalidInputException or ReleaseConflictException)
        {
            return new TrafficSplit([], [$"lanes cannot be read: {ex.Message}"]);
        }
        var model = live.Model;
        var gray = model.WeightOf(record.GrayVersion);
        var shares = new List<VersionShare>();
        var notes = new List<string>();
        foreach (var s in settings.Services)
        {
            var wl = record.Workloads.FirstOrDefault(w => w.Service == s);
            var inRelease = record.Phase is not (ReleasePhase.Promoted or ReleasePhase.RolledBack or ReleasePhase.Failed);
            if (wl is not null && inRelease)
            {
                shares.Add(new VersionShare(s, model.Baselines[s], wl.BaselineWorkload, "baseline", 100 - gray));
                shares.Add(new VersionShare(s, record.GrayVersion, wl.GrayWorkload, "gray", gray));
            }
            else if (wl is not null && record.Phase == ReleasePhase.Promoted && model.Baselines[s] == record.GrayVersion)
            {
                shares.Add(new VersionShare(s, record.GrayVersion, wl.GrayWorkload, "gray", 100)); // promoted: the gray is the baseline now
            }
            else
            {
                shares.Add(new VersionShare(s, model.Baselines[s], "", "baseline", 100));
                if (inRelease && gray > 0)
                    notes.Add($"{s} has no workload in lane {record.GrayVersion}: its {gray}% fall back to its baseline {model.Baselines[s]}");
            }
        }
        notes.Insert(0, $"gateway {settings.Gateway}: {LaneWiring.Format(model.Entry)}");
        notes.AddRange(model.Lanes.Select(l => $"lane {l.Key}: {string.Join(", ", l.Value)}"));
        return new TrafficSplit(shares, notes) { Drift = LaneWiring.Drift(live, record.Ledger), Unlanded = LaneWiring.Unlanded(live, record.Ledger) };
    }

    /// <summary>The app's lanes as the cluster has them, changed by the step, written back.</summary>
    private static async Task<bool> ApplyAsync(StepContext ctx, ReleaseSession session, Func<LaneModel, ReleaseRecord, LaneModel> change, CancellationToken ct)
    {
        var record = session.Current;
        var settings = Settings(record);
        var wiring = Wiring(ctx, record);
        var live = await wiring.ReadAsync(settings.InitialBaselines, ct);
        var desired = change(live.Model, record);
        var written = await wiring.WriteAsync(live, desired, session, ct);
        await session.SaveAsync(ct);
        return written;
    }

    private static LaneModel AddReleaseLane(LaneModel model, ReleaseRecord record) =>
        LaneChanges.AddLane(model, record.GrayVersion, Settings(record).ChangedServices);

    private static LaneWiring Wiring(StepContext ctx, ReleaseRecord record) => new(ctx, Settings(record), record.App, record.VersionLabel);

    private static LaneRouting Settings(ReleaseRecord record) =>
        record.Lanes ?? throw new ReleaseConflictException($"the release of {record.App} has no lane settings recorded");
}
