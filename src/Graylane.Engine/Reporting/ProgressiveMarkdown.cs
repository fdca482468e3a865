using System.Globalization;
using System.Text;
using Graylane.Core.Model;

namespace Graylane.Engine.Reporting;

/// <summary>
/// The progress of shift-traffic --steps for the job summary: a table of the steps (weight, when traffic moved, each
/// gate's value, the verdict) and Mermaid charts (GitHub renders them in step summaries) of the weight and of each
/// gate's value per step against its thresholds. Pure: built from the release record.
/// </summary>
public static class ProgressiveMarkdown
{
    public static string Build(ProgressiveRun run)
    {
        var md = new StringBuilder();
        md.AppendLine().AppendLine($"#### Progress: {Outcome(run)}").AppendLine();
        var gates = run.Gates.Select(g => g.Name).ToList();
        md.AppendLine($"| Step | Weight | Traffic moved | Pods | {string.Concat(gates.Select(g => $"{Cell(g)}{Limits(run.Gates.First(x => x.Name == g))} | "))}Result |");
        md.AppendLine($"|---|---|---|---|{string.Concat(gates.Select(_ => "---|"))}---|");
        for (var i = 0; i < run.Steps.Count; i++)
        {
            var step = i < run.Reached.Count ? run.Reached[i] : null;
            var last = step?.Analyses.LastOrDefault();
            var pods = last is null ? "" : last.Findings.Count == 0 ? "healthy" : Cell(string.Join("; ", last.Findings));
            var values = string.Concat(gates.Select(g => $"{(last?.Gates.FirstOrDefault(e => e.Gate == g) is { } e ? Value(e) : "")} | "));
            var result = step is null ? "—" : last is null ? "analysing…" : last.Passed ? "pass" : $"**FAIL**";
            if (step is not null && step.Analyses.Count > 1) result += $" ({step.Analyses.Count} analyses)";
            md.AppendLine($"| {i + 1} | {run.Steps[i]}% | {(step is null ? "" : step.ShiftedAt.ToString("u", CultureInfo.InvariantCulture))} | {pods} | {values}{result} |");
        }
        if (run.FailedWhy is { } why) md.AppendLine().AppendLine($"> {Cell(why)}");
        if (run.Reached.Count == 0) return md.ToString();

        var axis = string.Join(", ", run.Reached.Select((s, i) => $"\"{i + 1}: {s.Weight}%\""));
        md.AppendLine().AppendLine("```mermaid").AppendLine("xychart-beta")
            .AppendLine("    title \"Gray traffic per step (%)\"")
            .AppendLine($"    x-axis [{axis}]").AppendLine("    y-axis \"weight %\" 0 --> 100")
            .AppendLine($"    bar [{string.Join(", ", run.Reached.Select(s => s.Weight.ToString(CultureInfo.InvariantCulture)))}]")
            .AppendLine("```");
        foreach (var gate in run.Gates)
        {
            var values = run.Reached.Select(s => s.Analyses.LastOrDefault()?.Gates.FirstOrDefault(e => e.Gate == gate.Name)?.Value).ToList();
            if (values.All(v => v is null)) continue;
            md.AppendLine().AppendLine("```mermaid").AppendLine("xychart-beta")
                .AppendLine($"    title \"{Quote(gate.Name)} per step{Limits(gate)} (no value plotted as 0)\"")
                .AppendLine($"    x-axis [{axis}]")
                .AppendLine($"    line [{string.Join(", ", values.Select(v => Number(v ?? 0)))}]");
            foreach (var limit in new[] { gate.Min, gate.Max }.OfType<double>())
                md.AppendLine($"    line [{string.Join(", ", values.Select(_ => Number(limit)))}]");
            md.AppendLine("```");
        }
        return md.ToString();
    }

    private static string Outcome(ProgressiveRun run) => run.Outcome switch
    {
        ProgressiveOutcome.Completed => $"every step passed ({string.Join(" → ", run.Steps.Select(s => $"{s}%"))})",
        ProgressiveOutcome.Failed => $"failed at step {run.Reached.Count} ({run.Steps[run.Reached.Count - 1]}%), {(run.OnFail == "rollback" ? "rolled back" : "stopped")}",
        _ => $"step {Math.Max(run.Reached.Count, 1)} of {run.Steps.Count}",
    };

    private static string Limits(GateLimit g)
    {
        var parts = new[] { g.Min is { } a ? $"min {Number(a)}" : null, g.Max is { } b ? $"max {Number(b)}" : null }.OfType<string>().ToList();
        return parts.Count == 0 ? "" : $" ({string.Join(", ", parts)})";
    }

    private static string Value(GateEvaluation e) =>
        (e.Value is { } v ? Number(v) : "-") + (e.Passed ? "" : " ✗");

    private static string Number(double v) => v.ToString("0.####", CultureInfo.InvariantCulture);
    private static string Quote(string s) => s.Replace("\"", "'");
    private static string Cell(string s) => s.Replace("|", "\\|").ReplaceLineEndings(" ");
}
