using System.Diagnostics;

namespace Graylane.Tests.Connection;

/// <summary>
/// A fact that needs strace (to see which files a process opens) and a system trust store to notice; skipped, with the
/// reason, where either is missing or tracing is not permitted (some containers forbid ptrace).
/// </summary>
public sealed class StraceFactAttribute : FactAttribute
{
    private static readonly Lazy<string?> Why = new(FindReason);

    public StraceFactAttribute()
    {
        if (Why.Value is { } reason) Skip = reason;
    }

    public static string? Strace => (Environment.GetEnvironmentVariable("PATH") ?? "").Split(Path.PathSeparator)
        .Select(d => Path.Combine(d, "strace")).FirstOrDefault(File.Exists);

    private static string? FindReason()
    {
        if (!OperatingSystem.IsLinux()) return "the system trust store is a directory scan only on Linux";
        if (Strace is not { } strace) return "strace is not installed (apt-get install strace); it shows which files the step opens";
        if (!Directory.Exists("/etc/ssl/certs") || !Directory.EnumerateFiles("/etc/ssl/certs").Any())
            return "this machine has no system trust store under /etc/ssl/certs to notice a read of";
        try
        {
            using var p = Process.Start(new ProcessStartInfo(strace, ["-o", "/dev/null", "true"]) { RedirectStandardError = true, UseShellExecute = false })!;
            p.StandardError.ReadToEnd();
            p.WaitForExit();
            return p.ExitCode == 0 ? null : "strace cannot trace here (ptrace is not permitted)";
        }
        catch (System.ComponentModel.Win32Exception e)
        {
            return $"strace cannot run: {e.Message}";
        }
    }
}
