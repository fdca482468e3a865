using System.Diagnostics;
using Graylane.Tests.Support;

namespace Graylane.Tests.Packaging.TaskHarness;

/// <summary>
/// What the task library's harness needs: node, and the npm package azure-pipelines-task-lib (its MockTestRunner),
/// found through NODE_PATH (.ci/run installs it pinned and exports NODE_PATH) or the repository's .ci/tools.
/// </summary>
public static class TaskHarnessTools
{
    public const string Package = "azure-pipelines-task-lib";

    private static readonly Lazy<string?> WhyNot = new(Check);

    /// <summary>Why the harness cannot run here (the test is then reported skipped), or null.</summary>
    public static string? Missing => WhyNot.Value;

    /// <summary>NODE_PATH for the harness: the caller's, then the repository's .ci/tools/node_modules.</summary>
    public static string NodePath =>
        string.Join(Path.PathSeparator, new[] { Environment.GetEnvironmentVariable("NODE_PATH"), RepositoryFiles.Path(".ci/tools/node_modules") }
            .Where(p => !string.IsNullOrEmpty(p)));

    /// <summary>The agent's platform names the task uses for this machine (linux-x64 …), or null where there is none.</summary>
    public static string? PlatformKey =>
        (OperatingSystem.IsLinux() ? "linux" : OperatingSystem.IsWindows() ? "win" : OperatingSystem.IsMacOS() ? "osx" : null) is { } os
        && System.Runtime.InteropServices.RuntimeInformation.OSArchitecture switch
        {
            System.Runtime.InteropServices.Architecture.X64 => "x64",
            System.Runtime.InteropServices.Architecture.Arm64 => "arm64",
            _ => null,
        } is { } arch
            ? $"{os}-{arch}"
            : null;

    private static string? Check()
    {
        if (Tools.Missing("node") is { } noNode) return noNode;
        if (PlatformKey is null) return "the tasks have builds for x64 and arm64 agents only";
        var start = new ProcessStartInfo(Tools.Require("node"), ["-e", $"require.resolve('{Package}/mock-test')"])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        start.Environment["NODE_PATH"] = NodePath;
        using var node = Process.Start(start)!;
        node.StandardOutput.ReadToEnd();
        node.StandardError.ReadToEnd();
        node.WaitForExit();
        return node.ExitCode == 0
            ? null
            : $"npm package {Package} not found (NODE_PATH={NodePath}); .ci/run installs it: npm install --prefix .ci/tools {Package}@<pinned version>";
    }
}

/// <summary>A fact reported as skipped, with the reason, where the task library's harness cannot run.</summary>
public sealed class TaskHarnessFactAttribute : FactAttribute
{
    public TaskHarnessFactAttribute()
    {
        if (TaskHarnessTools.Missing is { } why) Skip = why;
    }
}
