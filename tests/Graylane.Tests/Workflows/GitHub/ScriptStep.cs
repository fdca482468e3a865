using System.Diagnostics;
using Graylane.Tests.Support;

namespace Graylane.Tests.Workflows.GitHub;

/// <summary>
/// A `run:` script as the runner runs it: written to a file with its expressions already substituted, then run by the
/// step's shell with the runner's command line for it (docs "jobs.&lt;job_id&gt;.steps[*].shell") in the workspace, with
/// exactly the environment given. bash and sh only: another shell (pwsh, cmd, python) cannot run here and says so.
/// </summary>
public static class ScriptStep
{
    public static readonly TimeSpan Timeout = TimeSpan.FromMinutes(2);

    /// <summary>The program and arguments for a shell: (null, why) when the local runner cannot run it.</summary>
    public static (string? Program, string[] Args, string? Why) CommandLine(string? shell, string runnerOs) => shell switch
    {
        // No shell: the runner's default, bash -e on Linux and macOS, pwsh on Windows.
        null when runnerOs != "Windows" => ("bash", ["-e"], null),
        null => (null, [], "the default shell on Windows runners is pwsh; give the step shell: bash"),
        "bash" => ("bash", ["--noprofile", "--norc", "-eo", "pipefail"], null),
        "sh" => ("sh", ["-e"], null),
        _ => (null, [], $"shell: {shell} cannot run on the local runner (bash and sh can)"),
    };

    public static async Task<(int Code, string Output)> RunAsync(string program, string[] args, string script, string workingDirectory,
        IReadOnlyDictionary<string, string> environment, string scriptDirectory, CancellationToken ct)
    {
        var file = Path.Combine(scriptDirectory, $"script-{Guid.NewGuid():N}.sh");
        await File.WriteAllTextAsync(file, script.Replace("\r\n", "\n"), ct);
        var start = new ProcessStartInfo(Tools.Require(program))
        {
            WorkingDirectory = workingDirectory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true,
            UseShellExecute = false,
        };
        foreach (var a in args) start.ArgumentList.Add(a);
        start.ArgumentList.Add(file);
        start.Environment.Clear();
        foreach (var (name, value) in environment) start.Environment[name] = value;
        using var process = Process.Start(start)!;
        process.StandardInput.Close();
        var stdout = process.StandardOutput.ReadToEndAsync(ct);
        var stderr = process.StandardError.ReadToEndAsync(ct);
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(ct);
        timeout.CancelAfter(Timeout);
        try
        {
            await process.WaitForExitAsync(timeout.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"the script did not finish within {Timeout.TotalSeconds:0}s:\n{script}");
        }
        return (process.ExitCode, await stdout + await stderr);
    }
}
