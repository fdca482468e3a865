using Graylane.Core.Model;
using Graylane.Core.Validation;
using Graylane.Kubernetes;

namespace Graylane.Engine.Workloads;

/// <summary>
/// Puts back every object a release changed, in the order that keeps traffic safe: workloads that existed
/// first (scaled back up and waited for), then routing objects, then the objects the release created, and last the
/// Services it changed — a user's selector such as app: web would select the gray pods too while they exist (the
/// router has pointed them at the baseline before). Each restore writes only when the object differs, so a re-run
/// after a crash finishes the job.
/// </summary>
public static class SnapshotRestorer
{
    /// <param name="beforeRouting">Runs once the old workloads are ready again, before routing objects are restored
    /// (rollback uses it to send traffic back to the baseline through the router first).</param>
    public static async Task RestoreAllAsync(StepContext ctx, ReleaseRecord record, CancellationToken ct, TimeSpan? waitTimeout = null, Func<Task>? beforeRouting = null)
    {
        var existedWorkloads = record.Snapshots.Where(s => s.Existed && s.Kind == "Deployment").ToList();

        foreach (var s in existedWorkloads)
        {
            if (await ObjectWriter.RestoreAsync(ctx.Kube, Resource(s), s.Namespace ?? ctx.Namespace, s.Object!, ct))
                ctx.Info($"Restored Deployment {s.Name} as it was before the release");
        }
        // Traffic goes back only to workloads that are ready again, so nothing is overloaded or sent nowhere.
        foreach (var s in existedWorkloads.Where(s => (Graylane.Core.Json.Obj.Int(s.Object!["spec"]?["replicas"]) ?? 1) > 0))
        {
            var result = await RolloutWaiter.WaitAsync(ctx, s.Name, waitTimeout ?? TimeSpan.FromMinutes(10), ct);
            if (!result.Ready)
                throw new Steps.StepFailedException($"Deployment {s.Name} did not become ready again ({result.Message}); traffic was left where it was. {string.Join("; ", result.Reasons)}");
        }
        if (beforeRouting is not null) await beforeRouting();
        // Read after the callback: it may have snapshotted objects it touched for the first time.
        var existedRouting = record.Snapshots.Where(s => s.Existed && s.Kind is not ("Deployment" or "Service")).ToList();
        var existedServices = record.Snapshots.Where(s => s.Existed && s.Kind == "Service").ToList();
        // Routing objects the release created go before the workloads it created: while they exist they may still send
        // traffic to those workloads, and a crash in between must not leave a route to pods that are gone.
        var created = record.Snapshots.Where(s => !s.Existed).Reverse().OrderBy(s => s.Kind == "Deployment").ToList();
        foreach (var s in existedRouting)
        {
            if (await ObjectWriter.RestoreAsync(ctx.Kube, Resource(s), s.Namespace ?? ctx.Namespace, s.Object!, ct))
                ctx.Info($"Restored {s.Kind} {s.Name} as it was before the release");
        }
        foreach (var s in created)
        {
            if (await ObjectWriter.DeleteAsync(ctx.Kube, Resource(s), s.Namespace ?? ctx.Namespace, s.Name, null, ct))
                ctx.Info($"Deleted {s.Kind} {s.Name}, created by the release");
        }
        foreach (var s in existedServices)
        {
            if (await ObjectWriter.RestoreAsync(ctx.Kube, Resource(s), s.Namespace ?? ctx.Namespace, s.Object!, ct))
                ctx.Info($"Restored Service {s.Name} as it was before the release");
        }
    }

    private static KubeResource Resource(ObjectSnapshot s) => KubeResource.ForKind(s.ApiVersion, s.Kind);
}
