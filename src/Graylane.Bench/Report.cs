using System.Globalization;
using System.Text;

namespace Graylane.Bench;

/// <summary>docs/benchmarks.md: the machine, the targets and whether they are met, cold start, every step beside kubectl, and each step's requests.</summary>
public static class Report
{
    public const double MemoryLimitMiB = 40;

    public static string Render(BenchOptions options, List<(string Name, string Value)> facts, Tool? aot, Tool portable, Tool stepBinary,
        Tool? kubectl, List<Measurement> measurements, Dictionary<(string Step, string Router, string Case), int> targets, TimeSpan total)
    {
        var sb = new StringBuilder();
        sb.AppendLine("# Benchmarks");
        sb.AppendLine();
        sb.AppendLine($"Written by `{options.CommandLine}` on {DateTime.UtcNow.ToString("yyyy-MM-dd HH:mm", CultureInfo.InvariantCulture)} UTC " +
                      $"({options.Runs} run{(options.Runs == 1 ? "" : "s")} of everything, {total.TotalSeconds:0} s in all). Do not edit: run the command again.");
        sb.AppendLine();
        sb.AppendLine("## The machine");
        sb.AppendLine();
        foreach (var (name, value) in facts) sb.AppendLine($"- **{name}**: {value}");
        sb.AppendLine($"- **Native AOT binary**: {aot?.Detail ?? "not built (`.ci/run` or the Dockerfile's publish makes out/aot/graylane)"}");
        sb.AppendLine($"- **Framework-dependent build**: {portable.Detail}");
        sb.AppendLine($"- **Steps measured with**: {stepBinary.Label}");
        sb.AppendLine();
        sb.AppendLine("Every command is a new process, as in a pipeline step, against the local cluster (`src/Graylane.LocalCluster`, Kestrel) over " +
                      "HTTPS on loopback; requests and bytes are what that API server logged while the command ran. Wall time is process start to exit; " +
                      "user CPU is the kernel's account of that process (wait4); peak memory (largest resident set) comes from one more run of everything under " +
                      "GNU time (a process the bench starts itself would inherit the bench's own high-water mark). " +
                      $"Simulated pods become ready {BenchCluster.PodReadyDelay.TotalMilliseconds:0} ms after they start, so rollout waits measure the tools " +
                      "rather than a scheduler. Times are milliseconds, min / median / max over the runs; ratios compare medians. Absolute times vary " +
                      "from machine to machine (and with what else runs on it); the ratios, measured side by side in one run, are what to compare.");
        sb.AppendLine();

        var graylaneVersion = Pick(measurements, Operations.Version, aot?.Label ?? portable.Label);
        var kubectlVersion = Pick(measurements, Operations.Version, "kubectl");
        TargetsSection(sb, measurements, targets, graylaneVersion, kubectlVersion, kubectl is not null);
        ColdStartSection(sb, measurements, aot, portable, kubectlVersion);
        StepsSection(sb, measurements, targets, kubectl);
        RequestsSection(sb, measurements, targets);
        return sb.ToString();
    }

    private static void TargetsSection(StringBuilder sb, List<Measurement> all, Dictionary<(string, string, string), int> targets,
        List<Measurement> graylaneVersion, List<Measurement> kubectlVersion, bool haveKubectl)
    {
        sb.AppendLine("## Targets");
        sb.AppendLine();
        sb.AppendLine("| target | measured | met |");
        sb.AppendLine("|---|---|---|");
        foreach (var op in Operations.All.Where(o => o.SpeedTarget is not null))
        {
            var g = op == Operations.Version ? graylaneVersion : Pick(all, op, "graylane");
            var k = op == Operations.Version ? kubectlVersion : Pick(all, op, "kubectl");
            var what = op == Operations.Version
                ? $"`graylane version` at least {op.SpeedTarget}× faster than `kubectl {op.Kubectl}`"
                : $"`{op.Step}` ({op.Router}{(op.Key.EndsWith("-noop", StringComparison.Ordinal) ? ", nothing to do" : "")}) at least {op.SpeedTarget}× faster than `kubectl {op.Kubectl}`";
            if (g.Count == 0 || k.Count == 0)
            {
                sb.AppendLine($"| {what} | {(haveKubectl ? "not measured" : "kubectl not on the PATH")} | — |");
                continue;
            }
            var ratio = Wall(k).Median / Wall(g).Median;
            sb.AppendLine($"| {what} | {RatioText(ratio)} ({N(Wall(k).Median)} ÷ {N(Wall(g).Median)} ms) | {Mark(ratio >= op.SpeedTarget)} |");
        }
        var steps = all.Where(m => m.Tool == "graylane").ToList();
        if (steps.Count > 0)
        {
            var memory = steps.Where(m => m.MemoryPass).ToList();
            var peak = memory.MaxBy(m => m.PeakRssKiB);
            sb.AppendLine(peak is null
                ? $"| peak memory of every step under {MemoryLimitMiB:0} MB | not measured ({ProcessTimer.GnuTime}, GNU time, is not installed) | — |"
                : $"| peak memory of every step under {MemoryLimitMiB:0} MB | largest: {MiB(peak.PeakRssKiB)} MB (`{peak.Operation.Step}`, {peak.Operation.Router}) | {Mark(peak.PeakRssKiB / 1024.0 < MemoryLimitMiB)} |");
            var held = Operations.Steps.Where(o => Pick(all, o, "graylane").Count > 0 && TargetOf(targets, o) is not null).ToList();
            var over = held.Where(o => Count(Pick(all, o, "graylane"), m => m.Requests).Max > TargetOf(targets, o)).ToList();
            sb.AppendLine($"| every step within its request target ([docs/request-targets.md](request-targets.md)) | {held.Count - over.Count} of {held.Count} rows within" +
                          $"{(over.Count == 0 ? "" : ": over in " + string.Join(", ", over.Select(o => $"`{o.Step}` ({o.Router})")))} | {Mark(over.Count == 0)} |");
        }
        sb.AppendLine();
    }

    private static void ColdStartSection(StringBuilder sb, List<Measurement> all, Tool? aot, Tool portable, List<Measurement> kubectlVersion)
    {
        sb.AppendLine("## Cold start");
        sb.AppendLine();
        sb.AppendLine("Process start to exit; `status` reads one release record and its Service from the local cluster. Cells: ms (min / median / max), user CPU ms (median), peak memory MB.");
        sb.AppendLine();
        sb.AppendLine("| command | Native AOT | framework-dependent | framework-dependent ÷ AOT | kubectl | kubectl ÷ graylane (AOT) | API requests |");
        sb.AppendLine("|---|---|---|---|---|---|---|");
        foreach (var op in new[] { Operations.Version, Operations.StatusService })
        {
            var fd = Pick(all, op, portable.Label);
            var native = aot is null ? [] : Pick(all, op, aot.Label);
            var k = op == Operations.Version ? kubectlVersion : [];
            var best = native.Count > 0 ? native : fd;
            sb.AppendLine($"| `graylane {(op == Operations.Version ? "version" : "status --app nginx-service")}` | {(aot is null ? "not built" : Cell(all, op, aot.Label, "—"))} | {Cell(all, op, portable.Label, "—")} | " +
                          $"{(native.Count == 0 ? "—" : Ratio(Wall(fd).Median, Wall(native).Median))} | " +
                          $"{(k.Count == 0 ? "—" : $"`kubectl version --client`: {Cell(all, op, "kubectl", "—")}")} | {(k.Count == 0 ? "—" : Ratio(Wall(k).Median, Wall(best).Median))} | {Count(best, m => m.Requests).Format()} |");
        }
        sb.AppendLine();
    }

    private static void StepsSection(StringBuilder sb, List<Measurement> all, Dictionary<(string, string, string), int> targets, Tool? kubectl)
    {
        sb.AppendLine("## Steps side by side with kubectl");
        sb.AppendLine();
        sb.AppendLine("| router | step | what it does | ms | user CPU ms | peak MB | requests (writes) | target | kubectl | ms | user CPU ms | peak MB | requests (writes) | time kubectl ÷ graylane |");
        sb.AppendLine("|---|---|---|---|---|---|---|---|---|---|---|---|---|---|");
        foreach (var op in Operations.Steps)
        {
            var g = Pick(all, op, "graylane");
            if (g.Count == 0) continue;
            var k = Pick(all, op, "kubectl");
            var kCells = k.Count == 0
                ? $"{(kubectl is null ? "kubectl not on the PATH" : op.Kubectl is null ? "no single-command equivalent" : "not measured")} | — | — | — | — | —"
                : $"{op.Kubectl} | {Wall(k).Format()} | {N(Cpu(k).Median)} | {Peak(all, op, "kubectl")} | {Requests(k)} | {Ratio(Wall(k).Median, Wall(g).Median)}";
            sb.AppendLine($"| {op.Router} | `{op.Step}` | {op.Description} | {Wall(g).Format()} | {N(Cpu(g).Median)} | {Peak(all, op, "graylane")} | " +
                          $"{Requests(g)} | {TargetOf(targets, op)?.ToString(CultureInfo.InvariantCulture) ?? "—"} | {kCells} |");
        }
        sb.AppendLine();
        sb.AppendLine("kubectl's discovery cache is warm (kubectl's best case: the CI job ran kubectl before). graylane's requests include reading and " +
                      "writing its release record (a ConfigMap) — the snapshot it keeps is what makes `rollback` possible, for which a kubectl script " +
                      "has no counterpart.");
        sb.AppendLine();
    }

    private static void RequestsSection(StringBuilder sb, List<Measurement> all, Dictionary<(string, string, string), int> targets)
    {
        sb.AppendLine("## The requests of each graylane step (first run)");
        sb.AppendLine();
        sb.AppendLine("In the order the server answered them (× n: that many in a row). Targets and why: [docs/request-targets.md](request-targets.md).");
        sb.AppendLine();
        sb.AppendLine("| router | step | requests | target | the requests |");
        sb.AppendLine("|---|---|---|---|---|");
        foreach (var op in Operations.Steps)
            if (Pick(all, op, "graylane").FirstOrDefault() is { } first)
                sb.AppendLine($"| {op.Router} | `{op.Step}`{(op.Key.EndsWith("-noop", StringComparison.Ordinal) ? " (nothing to do)" : "")} | {first.Requests} | " +
                              $"{TargetOf(targets, op)?.ToString(CultureInfo.InvariantCulture) ?? "—"} | {Sequence(first.Calls)} |");
    }

    /// <summary>"get configmaps, get services × 2, update services": consecutive repeats folded.</summary>
    private static string Sequence(IReadOnlyList<string> calls)
    {
        var parts = new List<string>();
        for (var i = 0; i < calls.Count;)
        {
            var j = i;
            while (j < calls.Count && calls[j] == calls[i]) j++;
            parts.Add(j - i == 1 ? calls[i] : $"{calls[i]} × {j - i}");
            i = j;
        }
        return string.Join(", ", parts);
    }

    private static int? TargetOf(Dictionary<(string, string, string), int> targets, Operation op) =>
        targets.TryGetValue((op.Step.Split(' ')[0], op.Router, op.TargetCase), out var t) ? t : null;

    private static List<Measurement> Pick(List<Measurement> all, Operation op, string tool) =>
        all.Where(m => m.Operation == op && m.Tool == tool && !m.MemoryPass).ToList();

    /// <summary>Peak memory of the operation in the memory pass, "—" when it was not measured.</summary>
    private static string Peak(List<Measurement> all, Operation op, string tool) =>
        all.Where(m => m.Operation == op && m.Tool == tool && m.MemoryPass).Select(m => m.PeakRssKiB).DefaultIfEmpty(0).Max() is var kib && kib > 0 ? MiB(kib) : "—";

    private static string Cell(List<Measurement> all, Operation op, string tool, string none) => Pick(all, op, tool) is { Count: > 0 } ms
        ? $"{Wall(ms).Format()} ms, CPU {N(Cpu(ms).Median)} ms, {Peak(all, op, tool)} MB"
        : none;

    private static Spread Wall(List<Measurement> ms) => Spread.Of(ms.Select(m => m.Wall.TotalMilliseconds));
    private static Spread Cpu(List<Measurement> ms) => Spread.Of(ms.Select(m => m.UserCpu.TotalMilliseconds));
    private static Spread Count(List<Measurement> ms, Func<Measurement, double> f) => Spread.Of(ms.Select(f));
    private static string Requests(List<Measurement> ms) => $"{Count(ms, m => m.Requests).Format()} ({Count(ms, m => m.Writes).Format()})";
    private static string MiB(long kib) => (kib / 1024.0).ToString("0.0", CultureInfo.InvariantCulture);
    private static string N(double v) => v.ToString(v >= 100 ? "0" : "0.#", CultureInfo.InvariantCulture);
    private static string Ratio(double a, double b) => b <= 0 ? "—" : RatioText(a / b);
    private static string RatioText(double r) => r.ToString("0.00", CultureInfo.InvariantCulture) + "×";
    private static string Mark(bool met) => met ? "yes" : "**no**";
}
