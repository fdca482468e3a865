using System.Text.Json.Nodes;
using Graylane.Core.Json;
using Graylane.Core.Model;
using Graylane.Core.Planning;
using Graylane.Engine.Records;
using Graylane.Engine.Workloads;
using Graylane.Kubernetes;

namespace Graylane.Engine.Routing.Replicas;

/// <summary>
/// The one way the replicas router changes a Deployment: its spec.replicas, through the ledger like every routing write —
/// snapshot (first change) and pending count saved first, then a resourceVersion-guarded write (recomputed on a conflict,
/// as only the count is Graylane's), then the count as written. The ledger keeps only {spec: {replicas}}: someone else
/// scaling the Deployment since is drift; their other changes are not.
/// </summary>
public static class ReplicaWriter
{
    public static async Task<bool> ScaleAsync(StepContext ctx, ReleaseSession session, JsonObject live, int replicas, CancellationToken ct)
    {
        var record = session.Current;
        var name = Obj.Name(live);
        var key = Key(ctx, name);
        if (ReplicasRouter.Replicas(live) == replicas)
        {
            record.Ledger.Written(key, Managed(replicas));
            return false;
        }
        session.Snapshot(KubeResource.Deployments, name, live);
        // The live count becomes the last write (it was checked: no drift), the new one the pending write: a pending write of
        // an earlier step that landed needs no record save of its own (ObjectLedger.Intend).
        record.Ledger.Intend(key, Managed(ReplicasRouter.Replicas(live)), Managed(replicas), session.PendingUntil(ctx));
        await session.SaveAsync(ct);
        var (_, written) = await ObjectWriter.UpdateAsync(ctx.Kube, KubeResource.Deployments, ctx.Namespace, name,
            d => Obj.Child(d, "spec")["replicas"] = replicas, ct, live);
        record.Ledger.Written(key, Managed(replicas));
        ctx.Info($"Deployment {name}: {ReplicasRouter.Replicas(live)} -> {replicas} pod{(replicas == 1 ? "" : "s")}");
        return written;
    }

    /// <summary>Someone scaled the Deployment since Graylane last did (or deleted it), or null.</summary>
    public static DriftFinding? Drift(StepContext ctx, ReleaseRecord record, JsonObject live) =>
        record.Ledger.Drift(Key(ctx, Obj.Name(live)), Managed(ReplicasRouter.Replicas(live)));

    private static ObjectKey Key(StepContext ctx, string name) => new(KubeResource.Deployments.Kind, ctx.Namespace, name);

    private static JsonObject Managed(int replicas) => new() { ["spec"] = new JsonObject { ["replicas"] = replicas } };
}
