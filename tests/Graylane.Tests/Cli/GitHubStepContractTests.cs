using Graylane.Cli;
using Graylane.Tests.Support;

namespace Graylane.Tests.Cli;

/// <summary>A real step run the way the GitHub runner runs the container: INPUT_ variables in, files out, secrets masked.</summary>
public class GitHubStepContractTests
{
    [Fact]
    public async Task Deploy_gray_reads_inputs_writes_outputs_and_summary_and_never_logs_the_token()
    {
        await using var c = await ClusterFixture.StartAsync();
        var dir = Directory.CreateTempSubdirectory("gha-").FullName;
        var outputFile = Path.Combine(dir, "output");
        var summaryFile = Path.Combine(dir, "summary");
        File.WriteAllText(outputFile, "");
        File.WriteAllText(summaryFile, "");
        var kubeconfig = File.ReadAllText(c.Kubeconfig);
        var env = new Dictionary<string, string>
        {
            ["GITHUB_ACTIONS"] = "true",
            ["GITHUB_OUTPUT"] = outputFile,
            ["GITHUB_STEP_SUMMARY"] = summaryFile,
            ["GITHUB_ACTOR"] = "octocat",
            ["GITHUB_RUN_ID"] = "777",
            ["GITHUB_REPOSITORY"] = "shop/web",
            ["GITHUB_SERVER_URL"] = "https://github.com",
            ["INPUT_COMMAND"] = "deploy-gray",
            ["INPUT_KUBECONFIG"] = kubeconfig,
            ["INPUT_SERVICE"] = "nginx-service",
            ["INPUT_IMAGE"] = "nginx:1.27",
            ["INPUT_VERSION"] = "v2",
            ["INPUT_TIMEOUT"] = "20s",
            ["INPUT_KEEP-ON-FAILURE"] = "",
        };
        var stdout = new StringWriter();
        var stderr = new StringWriter();

        var code = await CommandDispatcher.RunAsync([], env, stdout, stderr, CancellationToken.None);

        var log = stdout + "\n" + stderr;
        Assert.True(code == 0, log);
        Assert.NotNull(c.Deployment("nginx-v2"));
        const string token = "graylane-local-token";
        Assert.Contains(token, kubeconfig);
        var firstMask = log.IndexOf($"::add-mask::{token}", StringComparison.Ordinal);
        Assert.True(firstMask >= 0, "the token inside the kubeconfig content must be masked");
        // The mask command is the only place the token appears.
        Assert.Equal(System.Text.RegularExpressions.Regex.Matches(log, $"::add-mask::{token}").Count,
            System.Text.RegularExpressions.Regex.Matches(log, token).Count);
        Assert.Contains("::group::deploy-gray: nginx-service", log);
        var outputs = File.ReadAllText(outputFile);
        Assert.Matches("gray-workload<<ghadelimiter_[0-9a-f-]+\nnginx-v2\nghadelimiter_", outputs);
        Assert.DoesNotContain(token, outputs);
        var summary = File.ReadAllText(summaryFile);
        Assert.Contains("| nginx-service | v2 | gray | nginx-v2 |", summary);
        Assert.DoesNotContain(token, summary);
        var record = c.Server.Get("v1", "ConfigMap", "default", "graylane-nginx-service")!.ToJsonString();
        Assert.Contains("octocat", record);
        Assert.Contains("https://github.com/shop/web/actions/runs/777", record);
        Assert.DoesNotContain(token, record);
    }

    [Fact]
    public async Task Bad_input_is_an_error_annotation_and_exit_code_2()
    {
        await using var c = await ClusterFixture.StartAsync();
        var dir = Directory.CreateTempSubdirectory("gha-").FullName;
        var env = new Dictionary<string, string>
        {
            ["GITHUB_ACTIONS"] = "true",
            ["GITHUB_OUTPUT"] = Path.Combine(dir, "o"),
            ["INPUT_KUBECONFIG"] = c.Kubeconfig,
            ["INPUT_APP"] = "nginx-service",
        };
        var stdout = new StringWriter();
        var code = await CommandDispatcher.RunAsync(["shift-traffic"], env, stdout, new StringWriter(), CancellationToken.None);
        Assert.Equal(2, code);
        Assert.Contains("::error::[shift-traffic] shift-traffic needs --weight", stdout.ToString());
    }
}
