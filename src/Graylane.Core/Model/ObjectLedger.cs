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
    public void Pending(ObjectKey key, JsonObject planned) => Entry(key).PendingWrite = ServerFields.Strip(planned);

    /// <summary>Graylane wrote (or adopted as is) this object: later differences from it are drift.</summary>
    public void Written(ObjectKey key, JsonObject stored)
    {
        var entry = Entry(key);
        entry.LastWritten = ServerFields.Strip(stored);
        entry.PendingWrite = null;
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
        if (entry.PendingWrite is { } pending && JsonDrift.Differences(pending, live).Count == 0) return null;
        return new DriftFinding(key, differences);
    }

    /// <summary>--accept-drift: forget what Graylane wrote, so the next write plans from the objects as they are now.</summary>
    public void AcceptDrift()
    {
        foreach (var o in Objects)
        {
            o.LastWritten = null;
            o.PendingWrite = null;
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
