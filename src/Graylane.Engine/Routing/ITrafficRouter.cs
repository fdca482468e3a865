using System.Text.Json.Nodes;
using Graylane.Core.Model;
using Graylane.Core.Planning;
using Graylane.Engine.Records;

namespace Graylane.Engine.Routing;

/// <summary>
/// One way of sending traffic to versions (Service selector, Istio, lanes…). Steps talk to routers only through this
/// contract (see docs/routers.md). A router changes only what it manages, snapshots an object in the release record
/// before first changing it, keeps every object it edits in the record's <see cref="ObjectLedger"/> (pending write
/// before the write, last write after it), skips writes that change nothing, and reads the result back.
/// </summary>
public interface ITrafficRouter
{
    /// <summary>Which router this is (its --router spelling is <c>Kind.Name()</c>).</summary>
    RouterKind Kind { get; }

    /// <summary>What it can do; validation messages name the routers that can from these.</summary>
    RouterCapabilities Capabilities { get; }

    /// <summary>Rejects traffic this router cannot carry out, before anything is written (exit 2, naming the input).</summary>
    void Validate(TrafficState wanted);

    /// <summary>
    /// deploy-gray, before the release lease or any write: refuse what the cluster's objects make impossible (a named
    /// routing object that does not exist, one that does not route to the Service) — exit 2, nothing changed.
    /// </summary>
    Task ValidatePrepareAsync(StepContext ctx, ReleaseRecord record, PrepareRequest request, CancellationToken ct) => Task.CompletedTask;

    /// <summary>shift-traffic, before the release lease or any write: refuse a shift the routing objects cannot carry (exit 2).</summary>
    Task ValidateShiftAsync(StepContext ctx, ReleaseRecord record, TrafficState wanted, CancellationToken ct) => Task.CompletedTask;

    /// <summary>
    /// deploy-gray, before the release lease (a refusal here is bad input: nothing was written): how the gray starts. By
    /// default as planned, proven ready by its own rollout. A router whose routing cannot hold ready gray pods back (replicas:
    /// the Service selects every version) starts it otherwise, and may record its settings in the record.
    /// </summary>
    Task<GrayStart> PlanGrayStartAsync(StepContext ctx, ReleaseRecord record, JsonObject gray, CancellationToken ct) =>
        Task.FromResult(GrayStart.AsPlanned(gray));

    /// <summary>deploy-gray, before the gray pods start: make sure they will get no traffic (pin a selector, route the mesh to the baseline, add the lane).</summary>
    Task PrepareAsync(StepContext ctx, ReleaseSession session, PrepareRequest request, CancellationToken ct);

    /// <summary>Makes the cluster route traffic as wanted (refusing drift); returns true when it wrote anything.</summary>
    Task<bool> ShiftAsync(StepContext ctx, ReleaseSession session, TrafficState wanted, CancellationToken ct);

    /// <summary>Read back: the split as the cluster has it now, and each object it read that changed since Graylane's last write.</summary>
    Task<TrafficSplit> ReadAsync(StepContext ctx, ReleaseRecord record, CancellationToken ct);

    /// <summary>--accept-drift: forget Graylane's last writes, so the next write plans from the objects as they are now.</summary>
    void AcceptDrift(ReleaseRecord record);

    /// <summary>
    /// rollback, once the old workloads are ready again and before the snapshots are restored: send traffic back to the
    /// baseline (whatever someone changed since), so the gray pods can go. Routers whose snapshot restore is itself the
    /// switch back write nothing here.
    /// </summary>
    Task SendTrafficBackAsync(StepContext ctx, ReleaseSession session, CancellationToken ct);

    /// <summary>
    /// promote, before anything is written: every route Graylane does not manage for this release that still sends traffic
    /// to pods promote is about to retire (Services whose selector picks only them, Ingresses backed by those Services,
    /// VirtualService routes to their subset). Promote refuses (exit 1, naming each) unless --move-routes.
    /// </summary>
    Task<IReadOnlyList<StrandedRoute>> FindStrandedRoutesAsync(StepContext ctx, ReleaseRecord record, CancellationToken ct);

    /// <summary>promote --move-routes, before the old version goes: point the routes found at the new version, every other field kept.</summary>
    Task MoveStrandedRoutesAsync(StepContext ctx, ReleaseSession session, IReadOnlyList<StrandedRoute> routes, CancellationToken ct);

    /// <summary>
    /// promote, after all traffic went to the new version: called at <see cref="PromoteStage.BeforeRetire"/>, then the old
    /// version is retired (scaled to 0 or deleted), then at <see cref="PromoteStage.AfterRetire"/>. Each router does its
    /// part at the stage its routing needs (lanes switch the baselines before the old Deployments go; Istio points the
    /// route at the new version alone after). The target says what the routing ends up pointing at.
    /// </summary>
    Task FinishPromoteAsync(StepContext ctx, ReleaseSession session, PromoteStage stage, PromoteTarget target, CancellationToken ct);

    /// <summary>promote's last act: delete the routing objects the router created only for the release (nothing else uses them).</summary>
    Task RemoveCreatedAsync(StepContext ctx, ReleaseSession session, CancellationToken ct);
}
