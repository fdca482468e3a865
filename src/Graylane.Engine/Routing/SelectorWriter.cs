using System.Text.Json.Nodes;
using Graylane.Core.Json;
using Graylane.Core.Model;
using Graylane.Core.Planning;
using Graylane.Engine.Records;
using Graylane.Engine.Workloads;
using Graylane.Kubernetes;

namespace Graylane.Engine.Routing;

/// <summary>
/// The single way Graylane points a Service's selector at one version — the Service router's pin and switch and Istio
/// host mode's stable Service: drift refused, snapshot and pending write saved first, then a resourceVersion-guarded
/// write that changes only the version's selector keys (see <see cref="SelectorPlanner"/>). The ledger keeps only the
/// selector: it is all Graylane manages in a Service.
/// </summary>
public static class SelectorWriter
{
    /// <param name="rollback">Rollback's move back to the baseline: whatever someone changed, and outside the ledger (the
    /// snapshot restore that follows puts the Service back anyway, so a crash in between needs no pending write).</param>
    public static async Task<(JsonObject After, bool Written)> PointAsync(StepContext ctx, ReleaseSession session, JsonObject live,
        IReadOnlyDictionary<string, string> to, IReadOnlyDictionary<string, string> from, CancellationToken ct, bool rollback = false)
    {
        var record = session.Current;
        var service = Obj.Name(live);
        var key = new ObjectKey(KubeResource.Services.Kind, ctx.Namespace, service);
        if (!rollback && record.Ledger.Drift(key, Managed(live)) is { } drift)
            throw new ReleaseConflictException(DriftFinding.Refusal([drift]));
        var original = Selector(record.FindSnapshot(KubeResource.Services.Kind, service)?.Object ?? live);
        var planned = SelectorPlanner.Point(Selector(live), original, to, from);
        if (Same(planned, Selector(live)))
        {
            if (!rollback)
            {
                ManagedWrites.RefuseWriteInFlight(ctx, record, key, Managed(live));
                record.Ledger.Adopt(key, Managed(live));
            }
            return (live, false);
        }
        var snapshotted = session.Snapshot(KubeResource.Services, service, live);
        if (!rollback) record.Ledger.Intend(key, Managed(live), Managed(planned), session.PendingUntil(ctx), Obj.ResourceVersion(live));
        // The intent (and, for a step that does not wait, its lock): saved before the object changes.
        if (snapshotted || !rollback) await session.SaveAsync(ct);
        var (after, written) = await ObjectWriter.UpdateAsync(ctx.Kube, KubeResource.Services, ctx.Namespace, service,
            svc => Apply(svc, SelectorPlanner.Point(Selector(svc), original, to, from)), ct, live, session.EnsureStillOwnerAsync);
        if (!rollback) record.Ledger.Landed(key, Managed(after));
        return (after, written);
    }

    /// <summary>
    /// In-place promote's way back to the user's routing: the selector as it was before the release (its snapshot), with the
    /// same drift check and crash-safe write as <see cref="PointAsync"/>. Nothing to do for a Service the release never changed.
    /// </summary>
    public static async Task<bool> RestoreAsync(StepContext ctx, ReleaseSession session, string service, CancellationToken ct)
    {
        var record = session.Current;
        if (record.FindSnapshot(KubeResource.Services.Kind, service)?.Object is not { } snapshot) return false;
        var live = await ctx.Kube.GetCachedAsync(KubeResource.Services, ctx.Namespace, service, ct)
            ?? throw new ReleaseConflictException($"Service {ctx.Namespace}/{service} of the release of {record.App} no longer exists");
        var key = new ObjectKey(KubeResource.Services.Kind, ctx.Namespace, service);
        if (record.Ledger.Drift(key, Managed(live)) is { } drift)
            throw new ReleaseConflictException(DriftFinding.Refusal([drift]));
        var original = Selector(snapshot);
        if (Same(original, Selector(live)))
        {
            ManagedWrites.RefuseWriteInFlight(ctx, record, key, Managed(live));
            record.Ledger.Adopt(key, Managed(live));
            return false;
        }
        record.Ledger.Intend(key, Managed(live), Managed(original), session.PendingUntil(ctx), Obj.ResourceVersion(live));
        await session.SaveAsync(ct);
        var (after, written) = await ObjectWriter.UpdateAsync(ctx.Kube, KubeResource.Services, ctx.Namespace, service, svc => Apply(svc, original), ct, live,
            session.EnsureStillOwnerAsync);
        record.Ledger.Landed(key, Managed(after));
        return written;
    }

    /// <summary>When the Service's selector would also match the gray pods, points it at the baseline's pods first.</summary>
    public static async Task PinToBaselineAsync(StepContext ctx, ReleaseSession session, WorkloadRelease w, string service,
        IReadOnlyDictionary<string, string> grayPodLabels, CancellationToken ct)
    {
        var record = session.Current;
        var live = await ctx.Kube.GetCachedAsync(KubeResource.Services, ctx.Namespace, service, ct)
            ?? throw new Core.Validation.InvalidInputException("service", $"Service {service} not found in namespace {ctx.Namespace}");
        var selector = Selector(live);
        if (!Obj.Matches(selector, grayPodLabels)) return;
        var baseline = VersionSelectors.Baseline(record, w);
        await PointAsync(ctx, session, live, baseline, VersionSelectors.Gray(record, w), ct);
        ctx.Info($"Service {service} selected every version ({Obj.Format(selector)}); pinned it to {VersionSelectors.Format(baseline)} so the gray pods get no traffic");
    }

    /// <summary>What Graylane manages in a Service, as the ledger keeps it: {spec: {selector}}.</summary>
    public static JsonObject Managed(JsonObject service) => Managed(Selector(service));

    public static Dictionary<string, string> Selector(JsonObject service) => Obj.StringMap(service["spec"]?["selector"]);

    /// <summary>Changes the selector in place, so the user's keys keep their order.</summary>
    private static void Apply(JsonObject service, IReadOnlyDictionary<string, string> selector)
    {
        var live = Obj.Child(Obj.Child(service, "spec"), "selector");
        foreach (var key in live.Select(kv => kv.Key).Where(k => !selector.ContainsKey(k)).ToList()) live.Remove(key);
        foreach (var (key, value) in selector)
            if ((string?)live[key] != value) live[key] = value;
    }

    private static JsonObject Managed(IReadOnlyDictionary<string, string> selector) =>
        new() { ["spec"] = new JsonObject { ["selector"] = Obj.ToJson(selector) } };

    private static bool Same(IReadOnlyDictionary<string, string> a, IReadOnlyDictionary<string, string> b) =>
        a.Count == b.Count && a.All(kv => b.TryGetValue(kv.Key, out var v) && v == kv.Value);
}
