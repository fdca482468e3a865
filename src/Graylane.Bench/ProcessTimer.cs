using System.Collections;

namespace Graylane.Bench;

/// <summary>
/// Runs a program and measures it from start to exit: wall time and user CPU (<see cref="ChildProcess"/>), and in the memory
/// pass its peak resident memory. That needs a small parent: a process started by the bench itself inherits the bench's own
/// memory high-water mark at exec (the kernel carries it over), so the memory pass runs each command under GNU time, whose
/// child is clean, and keeps only the memory figure of that pass.
/// </summary>
public static class ProcessTimer
{
    public const string GnuTime = "/usr/bin/time";

    /// <summary>Set for the memory pass: commands run under GNU time, which reports their peak memory.</summary>
    public static bool MemoryPass { get; set; }

    public static bool CanMeasureMemory => File.Exists(GnuTime);

    public static async Task<ProcessResult> RunAsync(Tool tool, IEnumerable<string> args, string? stdin = null,
        IReadOnlyDictionary<string, string>? environment = null)
    {
        var env = new Dictionary<string, string?>(StringComparer.Ordinal);
        foreach (DictionaryEntry e in Environment.GetEnvironmentVariables()) env[(string)e.Key] = (string?)e.Value;
        // Nothing from the bench's own environment decides where graylane connects or that it runs in a pipeline.
        foreach (var name in new[] { "KUBECONFIG", "GITHUB_ACTIONS", "TF_BUILD", "SSL_CERT_FILE", "SSL_CERT_DIR" }) env.Remove(name);
        foreach (var (k, v) in environment ?? new Dictionary<string, string>()) env[k] = v;
        if (!MemoryPass)
        {
            var r = await ChildProcess.RunAsync(tool.File, [.. tool.Prefix, .. args], env, stdin);
            return new ProcessResult(r.ExitCode, r.Stdout + r.Stderr, r.Wall, r.UserCpu, 0);
        }
        var report = Path.GetTempFileName();
        try
        {
            var r = await ChildProcess.RunAsync(GnuTime, ["-f", "%M", "-o", report, tool.File, .. tool.Prefix, .. args], env, stdin);
            var peak = long.TryParse(File.ReadAllLines(report).LastOrDefault()?.Trim(), out var kib) ? kib : 0;
            return new ProcessResult(r.ExitCode, r.Stdout + r.Stderr, r.Wall, r.UserCpu, peak);
        }
        finally
        {
            File.Delete(report);
        }
    }

    public static async Task<ProcessResult> CheckedAsync(Tool tool, IEnumerable<string> args, string? stdin = null,
        IReadOnlyDictionary<string, string>? environment = null)
    {
        var list = args.ToList();
        var result = await RunAsync(tool, list, stdin, environment);
        if (result.ExitCode != 0)
            throw new InvalidOperationException($"{tool.Label} {string.Join(' ', list)} exited {result.ExitCode}:\n{result.Output}");
        return result;
    }
}
