using System.Text.Json.Nodes;
using Graylane.Core.Json;

namespace Graylane.Core.Model;

/// <summary>
/// The objects a release's router edits, keyed by kind/namespace/name — one bookkeeping for every router, so crash
/// safety and drift detection work the same everywhere: record the pending write (and save the record), write, then
/// record what was written. Pure: the I/O is the router's.
/// </summary>
public sealed class ObjectLedger
{
    public List<ManagedObject> Objects { get; set; } = [];

    public ManagedObject? Find(ObjectKey key) => Objects.FirstOrDefault(o => o.Key == key);

    /// <summary>Graylane is about to write this object (record it, and save the record, before the write).</summary>
    /// <param name="on">The resourceVersion the write carries (kept only with <paramref name="until"/>, see ManagedObject.PendingOn).</param>
    public void Pending(ObjectKey key, JsonObject planned, DateTimeOffset? until = null, string? on = null)
    {
        var entry = Entry(key);
        entry.PendingWrite = ServerFields.Strip(planned);
        entry.PendingUntil = until;
        entry.PendingOn = until is null ? null : on;
    }

    /// <summary>Graylane wrote (or adopted as is) this object: later differences from it are drift.</summary>
    public void Written(ObjectKey key, JsonObject stored)
    {
        var entry = Entry(key);
        entry.LastWritten = ServerFields.Strip(stored);
        entry.PendingWrite = null;
        entry.PendingUntil = null;
        entry.PendingOn = null;
    }

    /// <summary>
    /// Graylane is about to change the object from <paramref name="live"/> (checked: no drift) to <paramref name="planned"/>:
    /// live becomes the last write and planned the pending one, in the record save made before the write. After the write the
    /// entry needs no change — the pending write being live is no drift — so the step needs no second record save for it.
    /// </summary>
    /// <param name="until">For a step without a Lease: how long the write may still be on its way (see <see cref="InFlight"/>).</param>
    /// <param name="on">The resourceVersion of the object the write was planned on (see ManagedObject.PendingOn).</param>
    public void Intend(ObjectKey key, JsonObject? live, JsonObject planned, DateTimeOffset? until = null, string? on = null)
    {
        if (live is not null) Written(key, live);
        Pending(key, planned, until, on);
    }

    /// <summary>
    /// The pending write of a step without a Lease that is not live yet and may still land (before its PendingUntil): that
    /// step saved its intent and may be writing right now. A step that would leave the object as it is must not go on then
    /// — the write could land after it and change what it decided; a step that writes is safe (both writes carry the
    /// object's resourceVersion: one of them gets a conflict). Null otherwise (a killed step's write never lands).
    /// </summary>
    public ManagedObject? InFlight(ObjectKey key, JsonObject? live, DateTimeOffset now) =>
        Find(key) is { PendingWrite: { } pending, PendingUntil: { } until } entry && until > now
            && (live is null || JsonDrift.Differences(pending, live).Count > 0)
            ? entry
            : null;

    /// <summary>The pending write recorded for the object that is not live (a write on its way, or one a killed step never made).</summary>
    public bool Unlanded(ObjectKey key, JsonObject? live) =>
        Find(key) is { PendingWrite: { } pending } && (live is null || JsonDrift.Differences(pending, live).Count > 0);

    /// <summary>
    /// The live object is as Graylane wants it without a write: take it as Graylane's last write (later differences are
    /// drift). Nothing changes when the ledger already says so.
    /// </summary>
    public void Adopt(ObjectKey key, JsonObject live)
    {
        if (Find(key) is { } entry && (entry.PendingWrite ?? entry.LastWritten) is { } latest && JsonDrift.Differences(latest, live).Count == 0) return;
        Written(key, live);
    }

    /// <summary>
    /// The write landed and the server answered with the object as stored. When that is the pending write the entry stays as
    /// recorded (a pending write that is live is no drift, and the record needs no second save for it); otherwise — the
    /// write was recomputed after a conflict — what landed becomes the last write.
    /// </summary>
    public void Landed(ObjectKey key, JsonObject stored)
    {
        if (Find(key) is { PendingWrite: { } pending } && JsonDrift.Differences(pending, stored).Count == 0) return;
        Written(key, stored);
    }

    /// <summary>Every pending write taken as done: how the record reads once its writes have landed (see ReleaseSession.SaveIfChangedAsync).</summary>
    public void SettleAll()
    {
        foreach (var o in Objects.Where(o => o.PendingWrite is not null))
        {
            o.LastWritten = o.PendingWrite;
            o.PendingWrite = null;
            o.PendingUntil = null;
            o.PendingOn = null;
        }
    }

    /// <summary>Graylane deleted the object: nothing to compare any more.</summary>
    public void Forget(ObjectKey key) => Objects.RemoveAll(o => o.Key == key);

    /// <summary>
    /// Someone else's change since Graylane's last write, or null: none when Graylane never wrote the object (or its
    /// drift was accepted), when the live object is the last write, or when it is the write Graylane was about to make.
    /// </summary>
    public DriftFinding? Drift(ObjectKey key, JsonObject? live)
    {
        if (Find(key) is not { LastWritten: { } last } entry) return null;
        if (live is null) return new DriftFinding(key, [DriftFinding.DeletedText]);
        var differences = JsonDrift.Differences(last, live);
        if (differences.Count == 0) return null;
        if (entry.PendingWrite is not { } pending) return new DriftFinding(key, differences);
        // The pending write is the most recent: when it is not live either, say how the object differs from it.
        var fromPending = JsonDrift.Differences(pending, live);
        return fromPending.Count == 0 ? null : new DriftFinding(key, fromPending);
    }

    /// <summary>--accept-drift: forget what Graylane wrote, so the next write plans from the objects as they are now.</summary>
    public void AcceptDrift()
    {
        foreach (var o in Objects)
        {
            o.LastWritten = null;
            o.PendingWrite = null;
            o.PendingUntil = null;
            o.PendingOn = null;
        }
    }

    private ManagedObject Entry(ObjectKey key)
    {
        if (Find(key) is { } found) return found;
        var entry = new ManagedObject { Kind = key.Kind, Namespace = key.Namespace, Name = key.Name };
        Objects.Add(entry);
        return entry;
    }
}
