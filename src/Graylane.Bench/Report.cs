using System.Globalization;
using System.Text;

namespace Graylane.Bench;

/// <summary>docs/benchmarks.md: how it was measured, cold start, then each operation with graylane and with kubectl.</summary>
public static class Report
{
    public static string Render(BenchOptions options, List<(string Name, string Value)> facts, Tool? aot, Tool portable, Tool stepBinary,
        Tool? kubectl, List<Measurement> measurements, TimeSpan total)
    {
        var sb = new StringBuilder();
        sb.AppendLine("# Benchmarks");
        sb.AppendLine();
        sb.AppendLine($"Written by `{options.CommandLine}` on {DateTime.UtcNow.ToString("yyyy-MM-dd HH:mm", CultureInfo.InvariantCulture)} UTC " +
                      $"({options.Runs} run{(options.Runs == 1 ? "" : "s")} of everything, {total.TotalSeconds:0} s in all). Do not edit: run the command again.");
        sb.AppendLine();
        foreach (var (name, value) in facts) sb.AppendLine($"- **{name}**: {value}");
        sb.AppendLine($"- **Native AOT binary**: {aot?.Detail ?? "not built (`.ci/run` or the Dockerfile's publish makes out/aot/graylane)"}");
        sb.AppendLine($"- **Framework-dependent build**: {portable.Detail}");
        sb.AppendLine($"- **Steps measured with**: {stepBinary.Label}");
        sb.AppendLine();
        sb.AppendLine("Every command is a new process, as in a pipeline step, against the local cluster (`src/Graylane.LocalCluster`) over " +
                      "HTTPS on loopback; requests and bytes are what that API server logged while the command ran (bytes in = request " +
                      $"bodies, bytes out = response bodies). Simulated pods become ready {BenchCluster.PodReadyDelay.TotalMilliseconds:0} ms after they start, " +
                      "so rollout waits measure the tools rather than a scheduler. Times are milliseconds, min / median / max over the runs.");
        sb.AppendLine();

        sb.AppendLine("## Cold start");
        sb.AppendLine();
        sb.AppendLine("Process start to exit; `status` reads one release record and its Service from the local cluster.");
        sb.AppendLine();
        sb.AppendLine("| command | Native AOT | framework-dependent | framework-dependent ÷ AOT (median) | API requests |");
        sb.AppendLine("|---|---|---|---|---|");
        foreach (var op in new[] { ColdStart.Version, ColdStart.Status })
        {
            var fd = Pick(measurements, op, portable.Label);
            var native = aot is null ? null : Pick(measurements, op, aot.Label);
            var ratio = native is null ? "—" : Ratio(Wall(fd).Median, Wall(native).Median);
            sb.AppendLine($"| `{op}` | {(native is null ? "not built" : Wall(native).Format())} | {Wall(fd).Format()} | {ratio} | {Count(fd, m => m.Requests).Format()} |");
        }
        sb.AppendLine();

        sb.AppendLine("## Steps side by side with kubectl");
        sb.AppendLine();
        sb.AppendLine("| operation | graylane | ms | requests (writes) | KiB in / out (median) | kubectl | ms | requests (writes) | KiB in / out (median) | time kubectl ÷ graylane | requests kubectl ÷ graylane |");
        sb.AppendLine("|---|---|---|---|---|---|---|---|---|---|---|");
        foreach (var op in Operations.All)
        {
            var g = Pick(measurements, op, "graylane");
            var k = kubectl is null ? [] : Pick(measurements, op, "kubectl");
            var step = g.Count == 0 ? "" : StepName(op);
            var kCells = k.Count == 0
                ? (kubectl is null ? "kubectl not on the PATH" : "no single-command equivalent") + " | — | — | — | — | —"
                : $"{KubectlScenario.Commands[op]} | {Wall(k).Format()} | {Requests(k)} | {Bytes(k)} | {Ratio(Wall(k).Median, Wall(g).Median)} | " +
                  Ratio(Count(k, m => m.Requests).Median, Count(g, m => m.Requests).Median);
            sb.AppendLine($"| {op} | `{step}` | {Wall(g).Format()} | {Requests(g)} | {Bytes(g)} | {kCells} |");
        }
        sb.AppendLine();
        var shift = Pick(measurements, Operations.SwitchService, "graylane");
        if (shift.Count > 0)
            sb.AppendLine($"Target (design guide §4): a traffic step costs one read and one write per routing object plus the record write. " +
                          $"Measured for `shift-traffic` on the Service router: {Count(shift, m => m.Requests).Format()} requests, " +
                          $"{Count(shift, m => m.Writes).Format()} of them writes; the requests of each step are listed below.");
        sb.AppendLine();
        sb.AppendLine("Reading the table: kubectl's request count includes API discovery on its first command (a fresh cache per scenario, " +
                      "like a new CI job). graylane's includes reading and writing its release record (a ConfigMap), its lease, the read-back " +
                      "of every routing write, and the rollout watch; the snapshot it keeps is what makes `rollback` possible, for which a " +
                      "kubectl script has no counterpart.");
        sb.AppendLine();
        sb.AppendLine("## The requests of each graylane step (first run)");
        sb.AppendLine();
        sb.AppendLine("| step | requests, as verb resource × count, in order of first use |");
        sb.AppendLine("|---|---|");
        foreach (var op in Operations.All)
            if (Pick(measurements, op, "graylane").FirstOrDefault() is { } first)
                sb.AppendLine($"| `{StepName(op)}` ({op}) | {string.Join(", ", first.Calls.GroupBy(c => c).Select(g => $"{g.Key} × {g.Count()}"))} |");
        return sb.ToString();
    }

    private static string StepName(string op) => op switch
    {
        Operations.DeployService or Operations.DeployIstio => "deploy-gray",
        Operations.SwitchService or Operations.WeightIstio => "shift-traffic",
        Operations.Retire => "promote",
        _ => "rollback",
    };

    private static List<Measurement> Pick(List<Measurement> all, string op, string tool) =>
        all.Where(m => m.Operation == op && m.Tool == tool).ToList();

    private static Spread Wall(List<Measurement> ms) => Spread.Of(ms.Select(m => m.Wall.TotalMilliseconds));
    private static Spread Count(List<Measurement> ms, Func<Measurement, double> f) => Spread.Of(ms.Select(f));
    private static string Requests(List<Measurement> ms) => $"{Count(ms, m => m.Requests).Format()} ({Count(ms, m => m.Writes).Format()})";
    private static string Bytes(List<Measurement> ms) =>
        $"{Median(ms.Select(m => m.BytesIn / 1024.0))} / {Median(ms.Select(m => m.BytesOut / 1024.0))}";

    private static string Median(IEnumerable<double> values) =>
        Spread.Of(values).Median.ToString("0.0", CultureInfo.InvariantCulture);

    private static string Ratio(double a, double b) => b <= 0 ? "—" : (a / b).ToString("0.00", CultureInfo.InvariantCulture) + "×";
}
