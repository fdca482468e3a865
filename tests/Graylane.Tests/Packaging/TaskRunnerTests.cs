using System.Diagnostics;
using System.Runtime.InteropServices;
using Graylane.Tests.Support;

namespace Graylane.Tests.Packaging;

/// <summary>
/// src/Tasks/run-graylane.js, run by node as the agent runs a task: a stand-in binary records what it
/// was given, so the test sees the arguments, the inherited environment and the exit code pass through.
/// </summary>
public sealed class TaskRunnerTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("graylane-task-").FullName;

    public TaskRunnerTests()
    {
        File.Copy(RepositoryFiles.Path("src/Tasks/run-graylane.js"), System.IO.Path.Combine(_dir, "run-graylane.js"));
        File.Copy(RepositoryFiles.Path("src/Tasks/ShiftTrafficV1/index.js"), System.IO.Path.Combine(_dir, "index.js"));
    }

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    [LinuxX64NodeFact]
    public void Runs_the_native_binary_with_the_step_the_environment_and_its_exit_code()
    {
        var record = System.IO.Path.Combine(_dir, "record.txt");
        var binary = System.IO.Path.Combine(_dir, "bin", "linux-x64", "graylane");
        Directory.CreateDirectory(System.IO.Path.GetDirectoryName(binary)!);
        File.WriteAllText(binary, $"#!/bin/sh\necho \"$@|$INPUT_WEIGHT|$TF_BUILD\" > '{record}'\nexit 3\n");
        // No executable bit, as a task archive may leave it: the runner must set it.

        var (code, _) = Node("index.js", ("INPUT_WEIGHT", "100"), ("TF_BUILD", "True"));

        Assert.Equal(3, code);
        Assert.Equal("shift-traffic|100|True", File.ReadAllText(record).Trim());
    }

    [ToolFact("node")]
    public void Without_a_native_binary_or_dotnet_it_fails_the_task_saying_how_to_get_dotnet()
    {
        // A PATH holding node alone (dotnet often sits beside it in /usr/bin): no dotnet to be found.
        var pathDir = Directory.CreateDirectory(System.IO.Path.Combine(_dir, "path")).FullName;
        File.CreateSymbolicLink(System.IO.Path.Combine(pathDir, "node"), Which("node"));
        var (code, stdout) = Node("-e \"require('./run-graylane.js')('promote', { platform: 'win32', arch: 'x64' })\"", ("PATH", pathDir));

        Assert.Equal(1, code);
        Assert.Contains("##vso[task.complete result=Failed;]graylane promote:", stdout);
        Assert.Contains("UseDotNet@2", stdout);
    }

    private (int Code, string Stdout) Node(string arguments, params (string Name, string Value)[] env)
    {
        var start = new ProcessStartInfo(Which("node"), arguments)
        {
            WorkingDirectory = _dir,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        foreach (var (name, value) in env) start.Environment[name] = value;
        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        Assert.True(process.WaitForExit(30_000), "node did not finish");
        return (process.ExitCode, stdout.Result + stderr.Result);
    }

    private static string Which(string program) => Tools.Require(program);

    /// <summary>
    /// The runner picks the native binary on linux-x64 agents only (the task carries no other native build), and
    /// the stand-in is a shell script: elsewhere the test is reported skipped, saying why.
    /// </summary>
    internal sealed class LinuxX64NodeFactAttribute : FactAttribute
    {
        public LinuxX64NodeFactAttribute()
        {
            if (!OperatingSystem.IsLinux() || RuntimeInformation.OSArchitecture != Architecture.X64)
                Skip = $"the task's native binary is for linux-x64 agents; this is {RuntimeInformation.RuntimeIdentifier}";
            else if (Tools.Missing("node") is { } why)
                Skip = why;
        }
    }
}
