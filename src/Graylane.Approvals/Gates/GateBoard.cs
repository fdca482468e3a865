using Graylane.Core.Model;
using Graylane.Core.Validation;

namespace Graylane.Approvals.Gates;

/// <summary>
/// Evaluates every gate on each call and keeps each gate's run of consecutive failures: a gate rejects when
/// the run reaches the failure limit, so a gate that flaps (fail, pass, fail) under the limit does not. The
/// gates pass once the analysis duration has passed without a rejection; they keep being checked while
/// people are still asked, because the release continues only when both pass.
/// </summary>
public sealed class GateBoard(
    IReadOnlyList<GateSpec> gates,
    PrometheusClient prometheus,
    IReadOnlyDictionary<string, string> variables,
    int failureLimit,
    TimeSpan analysisDuration,
    DateTimeOffset start,
    Action<string> log)
{
    private readonly Dictionary<string, int> _consecutive = gates.ToDictionary(g => g.Name, _ => 0);

    public List<GateEvaluation> Evaluations { get; } = [];
    public GateStatus Status { get; private set; } = GateStatus.Analysing;
    public string? RejectedWhy { get; private set; }
    public IReadOnlyList<GateSpec> Gates => gates;

    /// <summary>One evaluation of every gate (see <see cref="GateCheck"/> for what an error means).</summary>
    public async Task EvaluateAsync(DateTimeOffset now, bool first, CancellationToken ct)
    {
        foreach (var gate in gates)
        {
            var eval = await GateCheck.EvaluateAsync(gate, prometheus, variables, now, first, ct);
            _consecutive[gate.Name] = eval.Passed ? 0 : _consecutive[gate.Name] + 1;
            Evaluations.Add(eval);
            log($"gate {gate.Name}: {(eval.Passed ? "pass" : "FAIL")} {eval.Message}" +
                (eval.Passed ? "" : $" ({_consecutive[gate.Name]} of {failureLimit} consecutive failures)"));
            if (_consecutive[gate.Name] >= failureLimit && Status != GateStatus.Rejected)
            {
                Status = GateStatus.Rejected;
                RejectedWhy = $"gate {gate.Name} failed {failureLimit} times in a row (last: {eval.Message})";
            }
        }
        if (Status == GateStatus.Analysing && now - start >= analysisDuration)
            Status = GateStatus.Passed;
    }

    /// <summary>When the analysis is complete (the gates can pass no earlier).</summary>
    public DateTimeOffset AnalysisEnds => start + analysisDuration;

    public static string Describe(TimeSpan analysis, int limit) =>
        $"analysis {Durations.Format(analysis)}, a gate rejects after {limit} consecutive failures";
}
