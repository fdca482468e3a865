using System.Diagnostics;
using Graylane.Cli;

namespace Graylane.Tests.Cli;

/// <summary>
/// `graylane version` and `graylane --help` answer from the entry point before any start-up work (Program.cs); the process
/// must still print exactly what the dispatcher prints, and exit 0. (How fast is measured only by src/Graylane.Bench.)
/// </summary>
public class QuickCommandTests
{
    [Theory]
    [InlineData("version")]
    [InlineData("--version")]
    [InlineData("help")]
    [InlineData("--help")]
    [InlineData("-h")]
    public async Task The_process_prints_what_the_dispatcher_prints(string command)
    {
        var expected = new StringWriter();
        Assert.Equal(0, await CommandDispatcher.RunAsync([command], new Dictionary<string, string>(), expected, TextWriter.Null, CancellationToken.None));

        var (code, stdout) = await RunGraylaneAsync(command);

        Assert.Equal(0, code);
        Assert.Equal(expected.ToString(), stdout);
        Assert.StartsWith(command.Contains('v') ? "graylane " : "usage: graylane", stdout);
    }

    private static async Task<(int Code, string Stdout)> RunGraylaneAsync(string command)
    {
        var dll = Path.Combine(AppContext.BaseDirectory, "graylane.dll");
        var start = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        start.ArgumentList.Add(dll);
        start.ArgumentList.Add(command);
        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        Assert.True(await stderr == "", await stderr);
        return (process.ExitCode, await stdout);
    }
}
