using System.Text.Json.Nodes;
using Graylane.Core.Json;
using Graylane.Core.Model;
using Graylane.Core.Planning;
using Graylane.Engine.Records;
using Graylane.Engine.Workloads;
using Graylane.Kubernetes;

namespace Graylane.Engine.Routing;

/// <summary>
/// The one crash-safe way a router writes an object it manages: refuse drift, snapshot the object (first change only) and
/// record the pending write in one record save, write guarded by resourceVersion, then record the write in the ledger.
/// After a crash anywhere in between, the live object is either the last write or the pending one — neither is drift —
/// and the snapshot lets rollback restore it.
/// </summary>
public static class ManagedWrites
{
    /// <summary>One object to write: created when Current is null, else replaced (Wanted carries Current's resourceVersion).</summary>
    public sealed record PlannedWrite(KubeResource Resource, JsonObject? Current, JsonObject Wanted);

    /// <summary>Creates (current null) or replaces (wanted carries current's resourceVersion) an object; returns it as stored.</summary>
    public static async Task<JsonObject> PutAsync(StepContext ctx, ReleaseSession session, KubeResource resource, JsonObject? current, JsonObject wanted, CancellationToken ct) =>
        (await PutAllAsync(ctx, session, [new PlannedWrite(resource, current, wanted)], ct))[0];

    /// <summary>
    /// Several objects of one routing change (a DestinationRule subset and the VirtualService route naming it): every drift
    /// check first, then the snapshots and pending writes of all of them in one record save, then the writes in the order
    /// given. After a crash between two of them, each object is its last or its pending write — neither is drift.
    /// </summary>
    public static async Task<IReadOnlyList<JsonObject>> PutAllAsync(StepContext ctx, ReleaseSession session, IReadOnlyList<PlannedWrite> writes, CancellationToken ct)
    {
        var ledger = session.Current.Ledger;
        var intents = new List<(PlannedWrite Write, ObjectKey Key, JsonObject? Superseded)>();
        foreach (var w in writes)
        {
            var key = new ObjectKey(w.Resource.Kind, w.Resource.Namespaced ? Obj.Namespace(w.Wanted) ?? ctx.Namespace : null, Obj.Name(w.Wanted));
            if (w.Current is not null && ledger.Drift(key, w.Current) is { } drift)
                throw new ReleaseConflictException(DriftFinding.Refusal([drift]));
            // A write another step without a Lease recorded and may still be making: ours replaces it in the record (below), and
            // if it lands first, ours follows it (the conflict branch).
            intents.Add((w, key, ledger.InFlight(key, w.Current, ctx.Time.GetUtcNow())?.PendingWrite));
        }
        foreach (var (w, key, _) in intents)
        {
            session.Snapshot(w.Resource, key.Name, w.Current, key.Namespace);
            ledger.Intend(key, w.Current, w.Wanted, session.PendingUntil(ctx), w.Current is null ? null : Obj.ResourceVersion(w.Current));
        }
        await session.SaveAsync(ct);
        var stored = new List<JsonObject>();
        foreach (var (w, key, superseded) in intents)
            stored.Add(await WriteAsync(ctx, session, w, key, superseded, ct));
        return stored;
    }

    /// <summary>The write itself, its intent saved: guarded by resourceVersion, then recorded in the ledger.</summary>
    private static async Task<JsonObject> WriteAsync(StepContext ctx, ReleaseSession session, PlannedWrite w, ObjectKey key, JsonObject? superseded, CancellationToken ct)
    {
        var (resource, current, wanted) = (w.Resource, w.Current, w.Wanted);
        var (ns, name) = (key.Namespace, key.Name);
        var ledger = session.Current.Ledger;
        JsonObject stored;
        try
        {
            stored = current is null
                ? await ObjectWriter.CreateAsync(ctx.Kube, resource, ns ?? "", wanted, ct)
                : await ctx.Kube.ReplaceAsync(resource, ns, wanted, ct);
        }
        catch (KubeApiException ex) when (ex.IsConflict)
        {
            // Another step may have saved the record since: then it owns the release and this step stops here.
            await session.EnsureStillOwnerAsync(ct);
            // The record is still ours: the object changed under us. If what landed is the write this step's intent
            // replaced (another step's, on its way when this one read the object), this plan still holds: write it over that.
            if (current is not null && superseded is not null
                && await ctx.Kube.GetAsync(resource, ns, name, ct) is { } fresh && JsonDrift.Differences(superseded, fresh).Count == 0)
            {
                var again = Obj.Clone(wanted);
                Obj.Metadata(again)["resourceVersion"] = Obj.ResourceVersion(fresh);
                try
                {
                    stored = await ctx.Kube.ReplaceAsync(resource, ns, again, ct);
                }
                catch (KubeApiException again409) when (again409.IsConflict)
                {
                    throw Changed(key);
                }
            }
            else throw Changed(key);
        }
        // Created: now there is a last write to compare with. Replaced: the pending write is what landed (see Intend).
        if (current is null) ledger.Written(key, stored);
        else ledger.Landed(key, stored);
        return stored;
    }

    private static ReleaseConflictException Changed(ObjectKey key) =>
        new($"{key} changed while Graylane was writing it; nothing was overwritten — run the step again to plan from the new version", busy: true);

    /// <summary>
    /// Before a step leaves an object as it is (its plan needs no write): refuse while a write that a step without a Lease
    /// (shift-traffic) recorded for it has not landed and may still be on its way — it could land after this step decided, and
    /// change what this step recorded. Nothing has changed when this throws. A killed step's write never lands: once its
    /// time is up (the Lease's duration) the object is taken as it is.
    /// </summary>
    public static void RefuseWriteInFlight(StepContext ctx, ReleaseRecord record, ObjectKey key, JsonObject? live)
    {
        if (record.Ledger.InFlight(key, live, ctx.Time.GetUtcNow()) is not { PendingUntil: { } until }) return;
        throw new ReleaseConflictException(
            $"{key}: a change another step recorded for it (the release was changed by another step that holds no lock: shift-traffic) has not landed yet — " +
            $"that step is writing it right now, or it was stopped halfway. Nothing was changed; run this step again when that step has finished " +
            $"(if it was stopped: after {until.UtcDateTime:HH:mm:ss} UTC, or run that shift-traffic again to complete it)", busy: true);
    }

    /// <summary>Deletes an object the router manages (snapshotted first, so rollback can bring it back).</summary>
    public static async Task<bool> DeleteAsync(StepContext ctx, ReleaseSession session, KubeResource resource, JsonObject current, CancellationToken ct)
    {
        var ns = resource.Namespaced ? Obj.Namespace(current) ?? ctx.Namespace : null;
        var name = Obj.Name(current);
        await session.SnapshotAsync(resource, name, current, ct, ns);
        var deleted = await ObjectWriter.DeleteAsync(ctx.Kube, resource, ns ?? "", name, null, ct);
        session.Current.Ledger.Forget(new ObjectKey(resource.Kind, ns, name));
        return deleted;
    }

    /// <summary>The object is already as wanted: adopt it as Graylane's last write (later differences are drift).</summary>
    public static void Adopt(StepContext ctx, ReleaseRecord record, KubeResource resource, JsonObject live)
    {
        var key = new ObjectKey(resource.Kind, resource.Namespaced ? Obj.Namespace(live) ?? record.Namespace : null, Obj.Name(live));
        RefuseWriteInFlight(ctx, record, key, live);
        record.Ledger.Adopt(key, live);
    }
}
