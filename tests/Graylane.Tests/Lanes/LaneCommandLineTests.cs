using Graylane.Cli;

namespace Graylane.Tests.Lanes;

/// <summary>`graylane lane create|delete` on the command line.</summary>
public class LaneCommandLineTests
{
    private static async Task<(int Code, string Out, string Err)> RunAsync(params string[] args)
    {
        var stdout = new StringWriter();
        var stderr = new StringWriter();
        var code = await CommandDispatcher.RunAsync(args, new Dictionary<string, string>(), stdout, stderr, CancellationToken.None);
        return (code, stdout.ToString(), stderr.ToString());
    }

    [Fact]
    public async Task Lane_create_help_lists_its_flags()
    {
        var (code, text, _) = await RunAsync("lane", "create", "--help");
        Assert.Equal(0, code);
        Assert.Contains("--match", text);
        Assert.Contains("--services", text);
        Assert.Contains("--kubeconfig", text);
    }

    [Fact]
    public async Task Lane_without_create_or_delete_is_refused_with_an_example()
    {
        var (code, _, err) = await RunAsync("lane", "rename");
        Assert.Equal(2, code);
        Assert.Contains("graylane lane needs create or delete", err);
        Assert.Contains("lane create", (await RunAsync("help")).Out);
    }
}
