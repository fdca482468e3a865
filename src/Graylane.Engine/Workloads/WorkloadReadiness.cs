using Graylane.Core.Planning;
using Graylane.Kubernetes;

namespace Graylane.Engine.Workloads;

/// <summary>Traffic only ever goes to a ready workload: routers check this right before each switch towards it.</summary>
public static class WorkloadReadiness
{
    public static async Task EnsureReadyAsync(StepContext ctx, string workload, string version, CancellationToken ct)
    {
        var d = await ctx.Kube.GetCachedAsync(KubeResource.Deployments, ctx.Namespace, workload, ct)
            ?? throw new ReleaseConflictException($"Deployment {ctx.Namespace}/{workload} ({version}) does not exist; it cannot take traffic");
        var state = RolloutEvaluator.Evaluate(d);
        if (state.Phase != RolloutPhase.Ready || state.Desired == 0)
            throw new ReleaseConflictException(
                $"Deployment {workload} ({version}) is not ready ({(state.Desired == 0 ? "scaled to 0" : state.Message)}); refusing to send traffic to it");
    }
}
