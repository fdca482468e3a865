using System.Text.Json.Nodes;
using Graylane.Core.Json;
using Graylane.Core.Model;
using Graylane.Kubernetes;

namespace Graylane.Engine.Records;

/// <summary>One step's hold on a release record: read once, changed, saved with the version it was read at.</summary>
public sealed class ReleaseSession
{
    private readonly ReleaseStore _store;
    private string? _resourceVersion;

    internal ReleaseSession(ReleaseStore store, string app, ReleaseRecord? record, string? resourceVersion)
    {
        _store = store;
        App = app;
        Record = record;
        _resourceVersion = resourceVersion;
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

    public async Task SaveAsync(CancellationToken ct) => _resourceVersion = await _store.SaveAsync(Current, _resourceVersion, ct);

    /// <summary>
    /// Records how an object looked before this release first changes it — saved before the change is made,
    /// so a crash right after the change still leaves rollback what it needs. Later calls keep the first snapshot.
    /// </summary>
    public async Task SnapshotAsync(KubeResource resource, string name, JsonObject? current, CancellationToken ct)
    {
        if (Current.FindSnapshot(resource.Kind, name) is not null) return;
        Current.Snapshots.Add(new ObjectSnapshot
        {
            ApiVersion = resource.ApiVersion,
            Kind = resource.Kind,
            Name = name,
            Namespace = Current.Namespace,
            Existed = current is not null,
            Object = current is null ? null : ServerFields.Strip(current),
        });
        await SaveAsync(ct);
    }

    public void AddHistory(string step, Graylane.Core.Hosting.RunIdentity who, DateTimeOffset now, string message) =>
        Current.History.Add(new HistoryEntry { Step = step, Time = now, Actor = who.Actor, Run = who.RunUrl ?? who.RunId, Message = message });
}
