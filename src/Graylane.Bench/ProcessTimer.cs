using System.Diagnostics;

namespace Graylane.Bench;

/// <summary>Starts a program and measures its wall time from start to exit, output read to the end.</summary>
public static class ProcessTimer
{
    public static async Task<ProcessResult> RunAsync(Tool tool, IEnumerable<string> args, string? stdin = null,
        IReadOnlyDictionary<string, string>? environment = null)
    {
        var info = new ProcessStartInfo(tool.File)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = stdin is not null,
            UseShellExecute = false,
        };
        foreach (var a in tool.Prefix.Concat(args)) info.ArgumentList.Add(a);
        // Nothing from the bench's own environment decides where graylane connects or that it runs in a pipeline.
        foreach (var name in new[] { "KUBECONFIG", "GITHUB_ACTIONS", "TF_BUILD" }) info.Environment.Remove(name);
        foreach (var (k, v) in environment ?? new Dictionary<string, string>()) info.Environment[k] = v;
        var watch = Stopwatch.StartNew();
        using var process = Process.Start(info) ?? throw new InvalidOperationException($"cannot start {tool.File}");
        if (stdin is not null)
        {
            await process.StandardInput.WriteAsync(stdin);
            process.StandardInput.Close();
        }
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        watch.Stop();
        return new ProcessResult(process.ExitCode, await stdout + await stderr, watch.Elapsed);
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
