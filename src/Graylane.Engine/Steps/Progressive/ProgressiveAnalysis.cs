using System.Globalization;
using Graylane.Approvals;
using Graylane.Approvals.Gates;
using Graylane.Core.Model;
using Graylane.Core.Progressive;

namespace Graylane.Engine.Steps;

/// <summary>
/// The analysis of one progressive step: the built-in pod checks (no configuration), then every metric gate (through
/// wait-approval's gate evaluation) and every webhook. Each result is logged on one line.
/// </summary>
internal sealed class ProgressiveAnalysis(IReadOnlyList<GateSpec> queries, IReadOnlyList<WebhookGate> webhooks, PrometheusClient? prometheus,
    HttpClient http, IReadOnlyDictionary<string, string> variables)
{
    /// <summary>The gates as recorded in the run: names, thresholds, expanded queries.</summary>
    public List<GateLimit> Limits =>
    [
        .. queries.Select(q => new GateLimit { Name = q.Name, Min = q.Min, Max = q.Max, Query = q.Query }),
        .. webhooks.Select(w => new GateLimit { Name = w.Name }),
    ];

    /// <summary>
    /// Before anything is written: each query once, so one Prometheus rejects is bad input (its error quoted) and an
    /// unreachable Prometheus fails the step; the values themselves do not count (no traffic has moved yet).
    /// </summary>
    public async Task PreflightAsync(StepContext ctx, CancellationToken ct)
    {
        foreach (var gate in queries)
            await GateCheck.EvaluateAsync(gate, prometheus!, variables, ctx.Time.GetUtcNow(), first: true, ct);
    }

    public async Task<StepAnalysis> RunAsync(StepContext ctx, ReleaseRecord record, ProgressiveRun run, int index, CancellationToken ct)
    {
        var step = run.Reached[index];
        var now = ctx.Time.GetUtcNow();
        var analysis = new StepAnalysis { Time = now, Attempt = run.Attempt };
        var health = PodHealth.Check(await GrayPods.ReadAsync(ctx, record, ct), step.Restarts);
        analysis.Findings = [.. health.Findings];
        analysis.Fatal = health.Fatal;
        ctx.Info(health.Healthy ? "pods: pass (every gray pod ready, no restarts, no CrashLoopBackOff or OOMKilled)" : $"pods: FAIL {string.Join("; ", health.Findings)}");
        foreach (var gate in queries)
        {
            var eval = await GateCheck.EvaluateAsync(gate, prometheus!, variables, now, first: false, ct);
            analysis.Gates.Add(eval);
            ctx.Info($"gate {gate.Name}: {(eval.Passed ? "pass" : "FAIL")} {eval.Message}");
        }
        foreach (var hook in webhooks)
        {
            var eval = await hook.CallAsync(http, Payload(record, run, index), now, ct);
            analysis.Gates.Add(eval);
            ctx.Info($"gate {hook.Name}: {(eval.Passed ? "pass" : "FAIL")} {eval.Message}");
        }
        analysis.Passed = health.Healthy && analysis.Gates.All(g => g.Passed);
        return analysis;
    }

    /// <summary>What went wrong in an analysis, naming the pods and gates.</summary>
    public static string Why(StepAnalysis a) => string.Join("; ",
        a.Findings.Concat(a.Gates.Where(g => !g.Passed).Select(g => $"gate {g.Gate}: {g.Message}")));

    private static WebhookPayload Payload(ReleaseRecord record, ProgressiveRun run, int index) => new()
    {
        Name = record.App,
        Namespace = record.Namespace,
        Metadata = new Dictionary<string, string>(StringComparer.Ordinal)
        {
            ["app"] = record.App,
            ["baselineVersion"] = record.BaselineVersion,
            ["grayVersion"] = record.GrayVersion,
            ["weight"] = run.Steps[index].ToString(CultureInfo.InvariantCulture),
            ["step"] = (index + 1).ToString(CultureInfo.InvariantCulture),
            ["steps"] = string.Join(",", run.Steps),
            ["router"] = record.Router.Name(),
        },
    };
}
