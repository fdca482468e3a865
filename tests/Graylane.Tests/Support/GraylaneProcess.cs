using System.Diagnostics;
using System.Runtime.InteropServices;
using System.Text;

namespace Graylane.Tests.Support;

/// <summary>
/// The real graylane binary as a separate process (the built apphost next to the tests; GRAYLANE_BINARY names another,
/// e.g. the AOT build), optionally as PID 1 of a new PID namespace (`unshare --pid --fork --mount-proc`, as in a
/// container), so a test can signal or kill it the way a CI runner does.
/// </summary>
public sealed class GraylaneProcess : IAsyncDisposable
{
    private readonly Process _process;
    private readonly StringBuilder _output = new();

    private GraylaneProcess(Process process)
    {
        _process = process;
        process.OutputDataReceived += (_, e) => { if (e.Data is not null) lock (_output) _output.AppendLine(e.Data); };
        process.ErrorDataReceived += (_, e) => { if (e.Data is not null) lock (_output) _output.AppendLine(e.Data); };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
    }

    public static string Binary =>
        System.Environment.GetEnvironmentVariable("GRAYLANE_BINARY") is { Length: > 0 } given ? given : Path.Combine(AppContext.BaseDirectory, "graylane");

    /// <summary>Why the real binary cannot be run as PID 1 here, or null.</summary>
    public static readonly Lazy<string?> Pid1Missing = new(() =>
    {
        if (!OperatingSystem.IsLinux()) return "PID namespaces need Linux";
        if (Tools.Find("unshare") is null) return "needs unshare (util-linux) on the PATH";
        try
        {
            using var p = Process.Start(new ProcessStartInfo(Tools.Find("unshare")!, "--pid --fork --mount-proc true") { RedirectStandardError = true })!;
            p.WaitForExit(20_000);
            return p.ExitCode == 0 ? null : $"unshare --pid --fork --mount-proc is not permitted here (needs root or user namespaces): {p.StandardError.ReadToEnd().Trim()}";
        }
        catch (Exception ex) { return $"unshare could not run: {ex.Message}"; }
    });

    /// <summary>
    /// True when this test run ignores SIGINT: a shell starting a command in the background without job control (`cmd &`
    /// in a script, as some CI wrappers do) makes it ignore SIGINT and SIGQUIT, and every process below inherits that.
    /// graylane keeps an ignored SIGINT ignored, as programs should (SandboxSignalTests), so a test sending it SIGINT
    /// would wait for an answer that never comes: such a run starts graylane with the default handling back.
    /// </summary>
    private static readonly Lazy<bool> SigintIgnoredHere = new(() =>
        File.Exists("/proc/self/status")
        && File.ReadLines("/proc/self/status").FirstOrDefault(l => l.StartsWith("SigIgn:", StringComparison.Ordinal)) is { } line
        && (ulong.Parse(line["SigIgn:".Length..].Trim(), System.Globalization.NumberStyles.HexNumber, System.Globalization.CultureInfo.InvariantCulture) & (1UL << (SIGINT - 1))) != 0);

    /// <summary>Why graylane cannot be given SIGINT's default handling here (this run ignores it and env cannot reset it), or null.</summary>
    public static readonly Lazy<string?> SigintMissing = new(() =>
    {
        if (!SigintIgnoredHere.Value) return null;
        if (Tools.Find("env") is not { } env) return "this test run ignores SIGINT and env is not on the PATH to reset it";
        try
        {
            using var p = Process.Start(new ProcessStartInfo(env, "--default-signal=INT true") { RedirectStandardError = true })!;
            p.WaitForExit(20_000);
            return p.ExitCode == 0 ? null : "this test run ignores SIGINT (started in the background by a shell) and env has no --default-signal (coreutils 8.31+) to reset it";
        }
        catch (Exception ex) { return $"env could not run: {ex.Message}"; }
    });

    public static GraylaneProcess Start(bool asPid1, IReadOnlyDictionary<string, string>? environment, params string[] args)
    {
        var command = new List<string>();
        if (SigintIgnoredHere.Value && SigintMissing.Value is null) command.AddRange([Tools.Require("env"), "--default-signal=INT,QUIT"]);
        if (asPid1) command.AddRange([Tools.Require("unshare"), "--pid", "--fork", "--mount-proc"]);
        command.Add(Binary);
        var start = new ProcessStartInfo(command[0]);
        foreach (var a in command.Skip(1).Concat(args)) start.ArgumentList.Add(a);
        start.RedirectStandardOutput = true;
        start.RedirectStandardError = true;
        start.UseShellExecute = false;
        // The apphost finds the runtime the tests run on; no CI host variables leak in from the test runner.
        if (Tools.Find("dotnet") is { } dotnet) start.Environment["DOTNET_ROOT"] = Path.GetDirectoryName(new FileInfo(dotnet).ResolveLinkTarget(true)?.FullName ?? dotnet)!;
        foreach (var name in new[] { "GITHUB_ACTIONS", "TF_BUILD", "GITHUB_OUTPUT", "GITHUB_STEP_SUMMARY", "KUBECONFIG" }) start.Environment.Remove(name);
        foreach (var (k, v) in environment ?? new Dictionary<string, string>()) start.Environment[k] = v;
        return new GraylaneProcess(Process.Start(start)!);
    }

    /// <summary>The graylane process itself: under unshare, its only child (PID 1 inside the namespace).</summary>
    public int GraylanePid(bool asPid1)
    {
        if (!asPid1) return _process.Id;
        for (var i = 0; i < 600; i++)
        {
            var children = $"/proc/{_process.Id}/task/{_process.Id}/children";
            if (File.Exists(children) && File.ReadAllText(children).Split(' ', StringSplitOptions.RemoveEmptyEntries) is [var child, ..])
                return int.Parse(child, System.Globalization.CultureInfo.InvariantCulture);
            Thread.Sleep(50);
        }
        throw new InvalidOperationException("unshare started no child");
    }

    /// <summary>The pid a process has in its own namespace (the last NSpid value): 1 for a container's entrypoint.</summary>
    public static string NamespacePid(int pid) =>
        File.ReadLines($"/proc/{pid}/status").First(l => l.StartsWith("NSpid:", StringComparison.Ordinal)).Split('\t', StringSplitOptions.RemoveEmptyEntries)[^1].Trim();

    public const int SIGINT = 2;
    public const int SIGKILL = 9;
    public const int SIGTERM = 15;

    public static void Signal(int pid, int signal)
    {
        if (Kill(pid, signal) != 0) throw new InvalidOperationException($"kill({pid}, {signal}) failed: errno {Marshal.GetLastWin32Error()}");
    }

    [DllImport("libc", EntryPoint = "kill", SetLastError = true)]
    private static extern int Kill(int pid, int signal);

    public async Task<int> WaitAsync(TimeSpan bound)
    {
        using var cts = new CancellationTokenSource(bound);
        try
        {
            await _process.WaitForExitAsync(cts.Token);
        }
        catch (OperationCanceledException)
        {
            throw new TimeoutException($"graylane did not exit within {bound.TotalSeconds:0} s\n{Output}");
        }
        _process.WaitForExit(); // the output readers drain
        return _process.ExitCode;
    }

    public bool HasExited => _process.HasExited;

    public string Output
    {
        get { lock (_output) return _output.ToString(); }
    }

    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
            await _process.WaitForExitAsync();
        }
        _process.Dispose();
    }
}

/// <summary>A fact that runs the real binary as PID 1 of a new PID namespace; skipped, saying why, where that is not possible.</summary>
public sealed class Pid1FactAttribute : FactAttribute
{
    /// <param name="sendsSigint">The test signals SIGINT, which needs graylane's SIGINT not ignored (GraylaneProcess.SigintMissing).</param>
    public Pid1FactAttribute(bool sendsSigint = false)
    {
        if (GraylaneProcess.Pid1Missing.Value is { } why) Skip = why;
        else if (sendsSigint && GraylaneProcess.SigintMissing.Value is { } sigint) Skip = sigint;
    }
}
