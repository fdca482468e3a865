using Graylane.Cli;
using Graylane.Tests.Support;

namespace Graylane.Tests.Cli;

/// <summary>The runner does not enforce `required:` inputs (it only warns, or passes ''); Graylane refuses what is missing.</summary>
public class GitHubRequiredInputTests
{
    private static async Task<(int Code, string Log)> RunAsync(Dictionary<string, string> inputs)
    {
        var dir = Directory.CreateTempSubdirectory("gha-required-").FullName;
        var env = new Dictionary<string, string>
        {
            ["GITHUB_ACTIONS"] = "true",
            ["GITHUB_OUTPUT"] = Path.Combine(dir, "output"),
            ["GITHUB_STEP_SUMMARY"] = Path.Combine(dir, "summary"),
        };
        foreach (var (k, v) in inputs) env[$"INPUT_{k.ToUpperInvariant()}"] = v;
        var stdout = new StringWriter();
        var stderr = new StringWriter();
        var code = await CommandDispatcher.RunAsync([], env, stdout, stderr, CancellationToken.None);
        return (code, stdout + "\n" + stderr);
    }

    [Fact]
    public async Task The_root_actions_required_command_input_missing_is_refused_with_the_steps_listed()
    {
        var (code, log) = await RunAsync(new() { ["command"] = "" });
        Assert.Equal(2, code);
        Assert.Contains("deploy-gray", log);
        Assert.Contains("rollback", log);
    }

    [Fact]
    public async Task A_step_without_the_input_it_needs_is_refused_as_an_error_annotation_naming_it_before_any_request()
    {
        await using var c = await ClusterFixture.StartAsync();
        c.Server.Requests.Clear();
        var (code, log) = await RunAsync(new() { ["command"] = "promote", ["kubeconfig"] = c.Kubeconfig, ["app"] = "" });
        Assert.Equal(2, code);
        Assert.Contains("::error", log);
        Assert.Contains("app", log[log.IndexOf("::error", StringComparison.Ordinal)..]);
        Assert.Equal(0, await c.WritesAsync());
    }
}
