using System.Diagnostics;
using System.Text.RegularExpressions;
using Graylane.Tests.Support;

namespace Graylane.Tests.Workflows.GitHub;

/// <summary>
/// Other repositories' actions the local runner can stand in for, doing here what they do on a runner; any other
/// action is a step the local runner cannot execute (the run fails, naming it).
/// </summary>
public static partial class KnownActions
{
    /// <summary>What a stand-in did: like a step, plus the folders it put on the PATH and the variables it set for later steps.</summary>
    public sealed record Result(string Outcome, Dictionary<string, string> Outputs, string Log, IReadOnlyList<string> PathEntries, Dictionary<string, string> Env);

    /// <param name="workspace">The job's github.workspace.</param>
    /// <param name="repository">The test's stand-in for the repository at github.sha (what actions/checkout fetches); null: none.</param>
    public static async Task<Result?> RunAsync(string uses, IReadOnlyDictionary<string, string> with, string workspace, string? repository, CancellationToken ct)
    {
        var name = uses[..uses.IndexOf('@')];
        return name switch
        {
            "actions/setup-dotnet" => await SetupDotnetAsync(with, ct),
            "actions/checkout" => Checkout(with, workspace, repository),
            _ => null,
        };
    }

    /// <summary>
    /// actions/checkout fetches the repository into the workspace (or its path input below it). Here the test's folder
    /// standing in for the repository is copied there; a run whose test gave none fails, saying so.
    /// </summary>
    private static Result Checkout(IReadOnlyDictionary<string, string> with, string workspace, string? repository)
    {
        if (with.GetValueOrDefault("repository") is { Length: > 0 } other)
            return Failed($"actions/checkout (local stand-in): checks out this run's repository only, not {other}");
        if (repository is null || !Directory.Exists(repository))
            return Failed("actions/checkout (local stand-in): the test gave no repository for this run (WorkflowRunSettings.Repository)");
        var target = Path.GetFullPath(Path.Combine(workspace, with.GetValueOrDefault("path") ?? ""));
        var files = 0;
        foreach (var file in Directory.EnumerateFiles(repository, "*", SearchOption.AllDirectories))
        {
            var to = Path.Combine(target, Path.GetRelativePath(repository, file));
            Directory.CreateDirectory(Path.GetDirectoryName(to)!);
            File.Copy(file, to, overwrite: true);
            files++;
        }
        return new Result("success", [], $"actions/checkout (local stand-in): {files} file(s) into {target}\n", [], []);
    }

    /// <summary>
    /// actions/setup-dotnet puts a .NET of dotnet-version on the PATH (and DOTNET_ROOT). Here the machine's own dotnet
    /// stands in: the step succeeds only when it has a runtime of that version (the tests run on .NET 10).
    /// </summary>
    private static async Task<Result> SetupDotnetAsync(IReadOnlyDictionary<string, string> with, CancellationToken ct)
    {
        var wanted = with.GetValueOrDefault("dotnet-version") ?? "";
        var major = MajorVersion().Match(wanted);
        if (!major.Success) return Failed($"actions/setup-dotnet (local stand-in): dotnet-version \"{wanted}\" is not a version this stand-in understands");
        var dotnet = Tools.Find("dotnet") ?? (Environment.ProcessPath is { } p && Path.GetFileNameWithoutExtension(p) == "dotnet" ? p : null);
        if (dotnet is null) return Failed("actions/setup-dotnet (local stand-in): no dotnet on this machine");
        var start = new ProcessStartInfo(dotnet, "--list-runtimes") { RedirectStandardOutput = true, UseShellExecute = false };
        using var process = Process.Start(start)!;
        var runtimes = await process.StandardOutput.ReadToEndAsync(ct);
        await process.WaitForExitAsync(ct);
        var runtime = Regex.Match(runtimes, $@"^Microsoft\.NETCore\.App ({major.Groups[1].Value}\.\d+\.\d+\S*)", RegexOptions.Multiline);
        if (!runtime.Success) return Failed($"actions/setup-dotnet (local stand-in): this machine's dotnet has no .NET {major.Groups[1].Value} runtime");
        var root = Path.GetDirectoryName(new FileInfo(dotnet).ResolveLinkTarget(returnFinalTarget: true)?.FullName ?? Path.GetFullPath(dotnet))!;
        var log = $"actions/setup-dotnet (local stand-in): .NET {runtime.Groups[1].Value} at {root} for dotnet-version {wanted}\n";
        return new Result("success", new() { ["dotnet-version"] = runtime.Groups[1].Value }, log, [root], new() { ["DOTNET_ROOT"] = root });
    }

    private static Result Failed(string message) => new("failure", [], message + "\n", [], []);

    [GeneratedRegex(@"^(\d+)(\.|$)")]
    private static partial Regex MajorVersion();
}
