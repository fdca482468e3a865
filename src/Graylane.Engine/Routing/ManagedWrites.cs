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
    /// <summary>Creates (current null) or replaces (wanted carries current's resourceVersion) an object; returns it as stored.</summary>
    public static async Task<JsonObject> PutAsync(StepContext ctx, ReleaseSession session, KubeResource resource, JsonObject? current, JsonObject wanted, CancellationToken ct)
    {
        var ns = resource.Namespaced ? Obj.Namespace(wanted) ?? ctx.Namespace : null;
        var name = Obj.Name(wanted);
        var key = new ObjectKey(resource.Kind, ns, name);
        var ledger = session.Current.Ledger;
        if (current is not null && ledger.Drift(key, current) is { } drift)
            throw new ReleaseConflictException(DriftFinding.Refusal([drift]));
        session.Snapshot(resource, name, current, ns);
        ledger.Intend(key, current, wanted);
        await session.SaveAsync(ct);
        JsonObject stored;
        try
        {
            stored = current is null
                ? await ObjectWriter.CreateAsync(ctx.Kube, resource, ns ?? "", wanted, ct)
                : await ctx.Kube.ReplaceAsync(resource, ns, wanted, ct);
        }
        catch (KubeApiException ex) when (ex.IsConflict)
        {
            throw new ReleaseConflictException($"{key} changed while Graylane was writing it; nothing was overwritten — run the step again to plan from the new version");
        }
        // Created: now there is a last write to compare with. Replaced: the pending write is what landed (see Intend).
        if (current is null) ledger.Written(key, stored);
        else ledger.Landed(key, stored);
        return stored;
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
    public static void Adopt(ReleaseRecord record, KubeResource resource, JsonObject live) =>
        record.Ledger.Adopt(new ObjectKey(resource.Kind, resource.Namespaced ? Obj.Namespace(live) ?? record.Namespace : null, Obj.Name(live)), live);
}
