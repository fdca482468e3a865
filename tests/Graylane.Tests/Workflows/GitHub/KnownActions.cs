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

    public static async Task<Result?> RunAsync(string uses, IReadOnlyDictionary<string, string> with, CancellationToken ct)
    {
        var name = uses[..uses.IndexOf('@')];
        return name switch
        {
            "actions/setup-dotnet" => await SetupDotnetAsync(with, ct),
            _ => null,
        };
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
