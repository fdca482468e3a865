using System.Text.Json.Nodes;
using Graylane.Core.Json;
using Graylane.Core.Planning;
using Graylane.Kubernetes;

namespace Graylane.Engine.Workloads;

/// <summary>
/// Follows a Deployment's rollout by watching it (no polling sleeps) until it is ready, fails, or the
/// timeout passes; on failure it explains why from the pods' status and Events.
/// </summary>
public static class RolloutWaiter
{
    public static async Task<RolloutResult> WaitAsync(StepContext ctx, string name, TimeSpan timeout, CancellationToken ct)
    {
        using var timer = new CancellationTokenSource(timeout, ctx.Time);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(ct, timer.Token);
        RolloutState? last = null;
        JsonObject? deployment = null;
        try
        {
            for (var first = true; ; first = false)
            {
                // First as this step last saw it (its own write, typically); after a watch ended, from the server.
                deployment = await (first ? ctx.Kube.GetCachedAsync(KubeResource.Deployments, ctx.Namespace, name, linked.Token)
                        : ctx.Kube.GetAsync(KubeResource.Deployments, ctx.Namespace, name, linked.Token))
                    ?? throw new InvalidOperationException($"Deployment {ctx.Namespace}/{name} disappeared while waiting for it");
                last = Report(ctx, name, RolloutEvaluator.Evaluate(deployment), last);
                if (last.Phase != RolloutPhase.Progressing) break;

                var version = Obj.ResourceVersion(deployment);
                await foreach (var ev in ctx.Kube.WatchAsync(KubeResource.Deployments, ctx.Namespace, $"metadata.name={name}", version, 60, linked.Token))
                {
                    if (ev.Type is "ERROR") break;  // e.g. 410 Gone: read again and watch from there
                    if (ev.Type is "BOOKMARK") continue;
                    if (ev.Type is "DELETED")
                        throw new InvalidOperationException($"Deployment {ctx.Namespace}/{name} was deleted while waiting for it");
                    deployment = ev.Object;
                    last = Report(ctx, name, RolloutEvaluator.Evaluate(deployment), last);
                    if (last.Phase != RolloutPhase.Progressing) break;
                }
                if (last.Phase != RolloutPhase.Progressing) break;
            }
        }
        catch (OperationCanceledException) when (timer.IsCancellationRequested && !ct.IsCancellationRequested)
        {
            last = new RolloutState(RolloutPhase.Failed, $"not ready after {Core.Validation.Durations.Format(timeout)} ({last?.Message ?? "no status yet"})",
                last?.Ready ?? 0, last?.Desired ?? 0);
        }

        if (last!.Phase == RolloutPhase.Ready) return new RolloutResult(true, last.Message, []);
        var reasons = await DiagnoseAsync(ctx, deployment, ct);
        return new RolloutResult(false, last.Message, reasons);
    }

    private static RolloutState Report(StepContext ctx, string name, RolloutState state, RolloutState? previous)
    {
        if (previous is null || previous.Message != state.Message)
            ctx.Info($"Deployment {name}: {state.Message}");
        return state;
    }

    private static async Task<IReadOnlyList<string>> DiagnoseAsync(StepContext ctx, JsonObject? deployment, CancellationToken ct)
    {
        if (deployment is null) return [];
        var selector = Obj.StringMap(deployment["spec"]?["selector"]?["matchLabels"]);
        var labelSelector = string.Join(",", selector.Select(kv => $"{kv.Key}={kv.Value}"));
        var pods = await ctx.Kube.ListItemsAsync(KubeResource.Pods, ctx.Namespace, labelSelector, ct: ct);
        var events = await ctx.Kube.ListItemsAsync(KubeResource.Events, ctx.Namespace, fieldSelector: "involvedObject.kind=Pod", ct: ct);
        return FailureDiagnosis.Explain(pods, events);
    }
}
