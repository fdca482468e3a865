using System.Text.Json.Nodes;
using Graylane.Core.Json;
using Graylane.Core.Model;
using Graylane.Kubernetes;

namespace Graylane.Engine.Records;

/// <summary>
/// One step's hold on a release record: read once, changed, saved with the version it was read at. That compare-and-swap
/// is the lock of a step that does not wait: its first save fails if another step saved since it read the record, before
/// it changed anything else. A step that waits (a rollout, a scale-down delay) also holds the release's Lease.
/// </summary>
public sealed class ReleaseSession : IAsyncDisposable
{
    private readonly ReleaseStore _store;
    private string? _resourceVersion;
    private ReleaseLease? _lease;
    private string? _saved;
    private bool _mustSave; // taken the lease, not saved since: the next save may not be skipped (its compare-and-swap checks the plan's record)

    internal ReleaseSession(ReleaseStore store, string app, ReleaseRecord? record, string? resourceVersion)
    {
        _store = store;
        App = app;
        Record = record;
        _resourceVersion = resourceVersion;
        _saved = record is null ? null : Settled(record);
    }

    public string App { get; }

    /// <summary>The record as last read or saved; null when the app never had a release here.</summary>
    public ReleaseRecord? Record { get; private set; }

    public ReleaseRecord Current => Record ?? throw new InvalidOperationException("no release record");

    /// <summary>Starts a new release, keeping a short summary of the previous one.</summary>
    public ReleaseRecord Begin(ReleaseRecord fresh, DateTimeOffset now)
    {
        if (Record is { } previous)
        {
            fresh.Previous = previous.Previous.Prepend(new ReleaseSummary
            {
                BaselineVersion = previous.BaselineVersion,
                GrayVersion = previous.GrayVersion,
                Phase = previous.Phase,
                StartedAt = previous.StartedAt,
                EndedAt = previous.History.LastOrDefault()?.Time ?? now,
                Reason = previous.Reason,
            }).Take(10).ToList();
        }
        Record = fresh;
        return fresh;
    }

    /// <summary>
    /// Takes the release's lease before the first change of a step that waits (steps with nothing to change never take it).
    /// If the step had to wait for another holder and that one changed the record meanwhile, the step stops: its plan was
    /// made on old state. (Without a wait, the first save's compare-and-swap catches any change.)
    /// </summary>
    public async Task LockAsync(StepContext ctx, CancellationToken ct)
    {
        if (_lease is not null) return;
        _lease = await ReleaseLease.AcquireAsync(ctx, App, ctx.LockWait, ct);
        _mustSave = true;
        if (!_lease.Waited) return;
        var fresh = await _store.OpenAsync(App, ct);
        if (fresh._resourceVersion != _resourceVersion)
            throw new Core.Planning.ReleaseConflictException(
                $"the release of {App} was changed by another step while this one waited ({fresh.Record?.History.LastOrDefault()?.Step ?? "unknown step"}); run this step again", busy: true);
    }

    /// <summary>
    /// How long a write this step records as pending may still be on its way, as seen by other steps: set for a step without
    /// a Lease (its record save is its only lock), null for a Lease holder (no other step changes the release meanwhile).
    /// </summary>
    public DateTimeOffset? PendingUntil(StepContext ctx) => _lease is null ? ctx.Time.GetUtcNow() + ReleaseLease.Duration : null;

    /// <summary>
    /// An object write got a conflict (or its connection dropped) after this step saved its intent: before it tries again,
    /// the record must still be the one this step saved. If another step saved it since, that step owns the release now and
    /// this one stops without overwriting anything (a step without a Lease never writes over a newer intent).
    /// </summary>
    public async Task EnsureStillOwnerAsync(CancellationToken ct)
    {
        var fresh = await _store.OpenAsync(App, ct);
        if (fresh._resourceVersion != _resourceVersion)
            throw new Core.Planning.ReleaseConflictException(
                $"the release record of {App} was changed by another step ({fresh.Record?.History.LastOrDefault()?.Step ?? "unknown step"}) while this step was writing; " +
                "nothing was overwritten — check the release's status and re-run this step if it is still needed", busy: true);
    }

    public async ValueTask DisposeAsync()
    {
        if (_lease is not null) await _lease.DisposeAsync();
        _lease = null;
    }

    public async Task SaveAsync(CancellationToken ct)
    {
        _resourceVersion = await _store.SaveAsync(Current, _resourceVersion, ct);
        _saved = Settled(Current);
        _mustSave = false;
    }

    /// <summary>
    /// Saves unless the record already says all of it — counting a pending write (recorded before the object was written)
    /// as done: a step records phase, traffic, history and its routing intent in one save before it writes the objects,
    /// and needs no second save when nothing else changed (compared as the record reads once they landed: ObjectLedger.SettleAll).
    /// </summary>
    public async Task SaveIfChangedAsync(CancellationToken ct)
    {
        if (!_mustSave && _saved is not null && _saved == Settled(Current)) return;
        await SaveAsync(ct);
    }

    /// <summary>The record as it reads once its pending writes have landed.</summary>
    private static string Settled(ReleaseRecord record)
    {
        var copy = GraylaneJson.Deserialize(GraylaneJson.Serialize(record));
        copy.Ledger.SettleAll();
        return GraylaneJson.Serialize(copy);
    }

    /// <summary>
    /// Records how an object looked before this release first changes it — saved before the change is made,
    /// so a crash right after the change still leaves rollback what it needs. Later calls keep the first snapshot.
    /// </summary>
    /// <param name="ns">The object's namespace when it is not the app's (e.g. a gateway VirtualService in istio-system).</param>
    public async Task SnapshotAsync(KubeResource resource, string name, JsonObject? current, CancellationToken ct, string? ns = null)
    {
        if (Snapshot(resource, name, current, ns)) await SaveAsync(ct);
    }

    /// <summary>As SnapshotAsync, without saving: the caller saves the record (with the snapshot) before changing the object.</summary>
    public bool Snapshot(KubeResource resource, string name, JsonObject? current, string? ns = null)
    {
        if (Current.FindSnapshot(resource.Kind, name) is not null) return false;
        Current.Snapshots.Add(new ObjectSnapshot
        {
            ApiVersion = resource.ApiVersion,
            Kind = resource.Kind,
            Name = name,
            Namespace = resource.Namespaced ? ns ?? Current.Namespace : null,
            Existed = current is not null,
            Object = current is null ? null : ServerFields.Strip(current),
        });
        return true;
    }

    public void AddHistory(string step, Graylane.Core.Hosting.RunIdentity who, DateTimeOffset now, string message) =>
        Current.History.Add(new HistoryEntry { Step = step, Time = now, Actor = who.Actor, Run = who.RunUrl ?? who.RunId, Message = message });
}
