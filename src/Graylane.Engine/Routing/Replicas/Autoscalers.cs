using System.Net;
using System.Text.Json.Nodes;
using Graylane.Core.Json;
using Graylane.Core.Model;
using Graylane.Core.Planning.Replicas;
using Graylane.Engine.Records;
using Graylane.Engine.Steps;
using Graylane.Engine.Workloads;
using Graylane.Kubernetes;

namespace Graylane.Engine.Routing.Replicas;

/// <summary>
/// HorizontalPodAutoscalers on the baseline, paused for the release (see <see cref="AutoscalerPause"/>) and resumed at
/// promote; rollback restores them from their snapshots. The ledger keeps only their behavior, the part Graylane changes.
/// </summary>
public static class Autoscalers
{
    /// <summary>Pauses every HPA on the baseline for a release of this total of pods (again when a shift raises the total); writes nothing when they are.</summary>
    public static async Task PauseAsync(StepContext ctx, ReleaseSession session, string baseline, int total, CancellationToken ct)
    {
        var all = await ListAsync(ctx, ct);
        var record = session.Current;
        foreach (var hpa in AutoscalerPause.Targeting(all, baseline))
        {
            var name = Obj.Name(hpa);
            var key = Key(ctx, name);
            if (AutoscalerPause.IsPaused(hpa, total))
            {
                if (record.FindSnapshot(KubeResource.HorizontalPodAutoscalers.Kind, name) is null)
                    ctx.Warn($"HorizontalPodAutoscaler {name} on {baseline} already had scaling disabled before the release; it is left so");
                record.Ledger.Written(key, AutoscalerPause.Managed(hpa));
                continue;
            }
            var paused = AutoscalerPause.Paused(hpa, total);
            session.Snapshot(KubeResource.HorizontalPodAutoscalers, name, hpa);
            record.Ledger.Intend(key, AutoscalerPause.Managed(hpa), AutoscalerPause.Managed(paused), session.PendingUntil(ctx));
            await session.SaveAsync(ct);
            var (after, _) = await ObjectWriter.UpdateAsync(ctx.Kube, KubeResource.HorizontalPodAutoscalers, ctx.Namespace, name,
                h => h["spec"] = paused["spec"]!.DeepClone(), ct, hpa);
            record.Ledger.Written(key, AutoscalerPause.Managed(after));
            ctx.Info($"HorizontalPodAutoscaler {name} scales {baseline}: paused for the release (scaleUp and scaleDown selectPolicy: Disabled, " +
                     $"minReplicas {Obj.Int(paused["spec"]?["minReplicas"]) ?? 1}, maxReplicas {Obj.Int(paused["spec"]?["maxReplicas"])}), so it does not undo the replica counts; promote and rollback put it back");
        }
    }

    /// <summary>
    /// The namespace's HPAs; none where the API does not serve them (404). Not being allowed to list them (403) stops the
    /// step, naming the Role to grant: an HPA Graylane cannot see would undo every shift. deploy-gray asks before its lease.
    /// </summary>
    public static async Task<IReadOnlyList<JsonObject>> ListAsync(StepContext ctx, CancellationToken ct)
    {
        try
        {
            return await ctx.Kube.ListItemsAsync(KubeResource.HorizontalPodAutoscalers, ctx.Namespace, ct: ct);
        }
        catch (KubeApiException ex) when (ex.IsNotFound)
        {
            return [];
        }
        catch (KubeApiException ex) when (ex.Status == HttpStatusCode.Forbidden)
        {
            throw new StepFailedException($"{ex.Message}. --router replicas pauses a HorizontalPodAutoscaler on the baseline for the release " +
                                          "(it would undo every shift), so it must see them: bind the graylane-replicas-router Role of docs/rbac.yaml");
        }
    }

    /// <summary>Puts back the behavior of every HPA the release paused (keeping anyone's other changes); returns their names.</summary>
    public static async Task<IReadOnlyList<string>> ResumeAsync(StepContext ctx, ReleaseSession session, CancellationToken ct)
    {
        var record = session.Current;
        var resumed = new List<string>();
        foreach (var snapshot in record.Snapshots.Where(s => s.Kind == KubeResource.HorizontalPodAutoscalers.Kind && s.Existed && s.Object is not null))
        {
            var key = Key(ctx, snapshot.Name);
            var live = await ctx.Kube.GetAsync(KubeResource.HorizontalPodAutoscalers, ctx.Namespace, snapshot.Name, ct);
            if (live is null)
            {
                ctx.Warn($"HorizontalPodAutoscaler {snapshot.Name} was deleted during the release; not brought back (rollback would)");
                continue;
            }
            var wanted = AutoscalerPause.Resumed(live, snapshot.Object!);
            if (!ServerFields.SameUserContent(live, wanted))
            {
                record.Ledger.Intend(key, AutoscalerPause.Managed(live), AutoscalerPause.Managed(wanted), session.PendingUntil(ctx));
                await session.SaveAsync(ct);
                await ObjectWriter.UpdateAsync(ctx.Kube, KubeResource.HorizontalPodAutoscalers, ctx.Namespace, snapshot.Name,
                    h => h["spec"] = AutoscalerPause.Resumed(h, snapshot.Object!)["spec"]!.DeepClone(), ct, live);
                ctx.Info($"HorizontalPodAutoscaler {snapshot.Name}: scaling resumed, its behavior, minReplicas and maxReplicas as before the release");
            }
            record.Ledger.Forget(key);
            resumed.Add(snapshot.Name);
        }
        return resumed;
    }

    /// <summary>Paused HPAs someone changed the behavior of (or deleted) since Graylane paused them.</summary>
    public static async Task<IReadOnlyList<DriftFinding>> DriftAsync(StepContext ctx, ReleaseRecord record, CancellationToken ct)
    {
        var found = new List<DriftFinding>();
        foreach (var entry in record.Ledger.Objects.Where(o => o.Kind == KubeResource.HorizontalPodAutoscalers.Kind && o.LastWritten is not null).ToList())
        {
            var live = await ctx.Kube.GetCachedAsync(KubeResource.HorizontalPodAutoscalers, ctx.Namespace, entry.Name, ct);
            if (record.Ledger.Drift(entry.Key, live is null ? null : AutoscalerPause.Managed(live)) is { } drift) found.Add(drift);
        }
        return found;
    }

    private static ObjectKey Key(StepContext ctx, string name) => new(KubeResource.HorizontalPodAutoscalers.Kind, ctx.Namespace, name);
}
