using Graylane.Core.Json;
using Graylane.Core.Model;
using Graylane.Kubernetes;

namespace Graylane.Engine.Steps;

/// <summary>
/// shift-traffic holds no Lease: its record write is its lock, and its object write follows. Rollback takes the Lease and saves
/// RollingBack, so no shift starts after that — but a shift that saved its intent just before may still have its write on the
/// way. Where rollback would leave that object as it is (the Service already selects the baseline), the write would land after
/// rollback finished and send traffic to pods rollback deleted. So rollback first moves each such object past the
/// resourceVersion the write carries (an annotation, written guarded by that version): the write can then only meet a conflict,
/// after which the shift finds the record is no longer its own and stops. The snapshot restore that ends the rollback writes
/// the object back as the user had it (or deletes it, when the release created it), which removes the annotation.
/// </summary>
public static class RollbackFence
{
    /// <summary>Set on an object while a rollback keeps a shift-traffic write from landing on it; the restore removes it.</summary>
    public const string Annotation = "graylane.io/rollback-fence";

    /// <summary>Run by rollback after its RollingBack record save (no shift can record a new intent after that), before anything else.</summary>
    public static async Task RaiseAsync(StepContext ctx, ReleaseRecord record, CancellationToken ct)
    {
        var now = ctx.Time.GetUtcNow();
        foreach (var entry in record.Ledger.Objects.Where(o => o.PendingWrite is not null && o.PendingUntil > now).ToList())
        {
            // Every pending write follows a snapshot of its object, which names the object's API version.
            if (record.Snapshots.FirstOrDefault(s => s.Kind == entry.Kind && s.Name == entry.Name && (s.Namespace ?? record.Namespace) == (entry.Namespace ?? record.Namespace))
                is not { } snapshot) continue;
            var resource = KubeResource.ForKind(snapshot.ApiVersion, entry.Kind);
            var ns = resource.Namespaced ? entry.Namespace ?? ctx.Namespace : null;
            var live = await ctx.Kube.GetCachedAsync(resource, ns, entry.Name, ct);
            // Gone: a replace cannot land on it. Moved on from the version the write carries: it can only meet a conflict.
            if (live is null || (entry.PendingOn is { } on && Obj.ResourceVersion(live) != on)) continue;
            var fenced = Obj.Clone(live);
            Obj.Child(Obj.Metadata(fenced), "annotations")[Annotation] = now.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'");
            try
            {
                await ctx.Kube.ReplaceAsync(resource, ns, fenced, ct);
                ctx.Info($"{entry.Key}: a write shift-traffic recorded may still be on its way (until {entry.PendingUntil!.Value.UtcDateTime:HH:mm:ss} UTC); " +
                         $"marked the object ({Annotation}) so that write can no longer land after this rollback — the restore removes the mark");
            }
            catch (KubeApiException ex) when (ex.IsConflict)
            {
                // It changed since it was read: the write on its way landed (the rollback sends it back) or can no longer land.
            }
        }
    }
}
