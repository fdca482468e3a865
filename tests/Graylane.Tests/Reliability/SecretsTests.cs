using System.Text.RegularExpressions;
using Graylane.Cli;
using Graylane.Tests.Approvals.Support;
using Graylane.Tests.Support;

namespace Graylane.Tests.Reliability;

/// <summary>
/// Every step run under GitHub Actions with a kubeconfig holding a token and a client key, and with GitHub and Azure tokens:
/// no secret appears anywhere — stdout, stderr, the job summary, the outputs file, or the release record — except in the
/// mask commands that hide it.
/// </summary>
public class SecretsTests
{
    private const string ClientKey = "LS0tLS1CRUdJTiBSU0EgUFJJVkFURSBLRVktLS0tLXNlY3JldC1rZXktbWF0ZXJpYWw=";
    private const string GitHubToken = "ghp_S3cr3tT0k3nF0rT3st1ngOnly0123456789";
    private const string AzureToken = "azdo-pat-3f9a7c1e5b2d4a6f8e0c9b7a5d3f1e2c";

    [Fact]
    public async Task No_secret_reaches_any_output_of_any_step()
    {
        await using var c = await ClusterFixture.StartAsync();
        // Both approval providers are really asked, with the tokens given as inputs, and answer at once.
        await using var github = await FakeGitHub.StartAsync(TimeProvider.System, GitHubToken);
        github.Script("alice", "approve", TimeSpan.Zero);
        await using var azure = await FakeAzureDevOps.StartAsync(TimeProvider.System, AzureToken);
        azure.Script("alice@contoso.com", "Alice", "<div>approve</div>", TimeSpan.Zero);
        // The kubeconfig in use holds the cluster's token; a second user in it holds a client key.
        var kubeconfig = File.ReadAllText(c.Kubeconfig).Replace("users:\n",
            $"users:\n- name: spare-admin\n  user:\n    client-certificate-data: {ClientKey}\n    client-key-data: {ClientKey}\n", StringComparison.Ordinal);
        Assert.Contains(ClientKey, kubeconfig);
        var dir = Directory.CreateTempSubdirectory("secrets-").FullName;
        var outputs = Path.Combine(dir, "output");
        var summary = Path.Combine(dir, "summary");
        var log = new StringWriter();
        var steps = new (string Step, Dictionary<string, string> Inputs)[]
        {
            ("deploy-gray", new() { ["SERVICE"] = "nginx-service", ["IMAGE"] = "nginx:1.27", ["VERSION"] = "v2", ["TIMEOUT"] = "20s" }),
            ("wait-approval", new()
            {
                ["APP"] = "nginx-service", ["PROVIDER"] = "github", ["APPROVERS"] = "alice", ["REPOSITORY"] = "shop/web",
                ["GITHUB-API-URL"] = github.ApiUrl.ToString(), ["GITHUB-TOKEN"] = GitHubToken, ["POLL-INTERVAL"] = "1s",
            }),
            ("shift-traffic", new() { ["APP"] = "nginx-service", ["WEIGHT"] = "100" }),
            ("wait-approval", new()
            {
                ["APP"] = "nginx-service", ["PROVIDER"] = "azure-devops", ["APPROVERS"] = "alice@contoso.com",
                ["AZURE-TOKEN"] = AzureToken, ["POLL-INTERVAL"] = "1s",
            }),
            ("status", new() { ["APP"] = "nginx-service" }),
            ("promote", new() { ["APP"] = "nginx-service" }),
            ("rollback", new() { ["APP"] = "nginx-service", ["REASON"] = "secrets test" }),
        };
        foreach (var (step, inputs) in steps)
        {
            File.WriteAllText(outputs, "");
            var env = new Dictionary<string, string>
            {
                ["GITHUB_ACTIONS"] = "true",
                ["GITHUB_OUTPUT"] = outputs,
                ["GITHUB_STEP_SUMMARY"] = summary,
                ["GITHUB_ACTOR"] = "octocat",
                ["GITHUB_TOKEN"] = GitHubToken,
                ["INPUT_COMMAND"] = step,
                ["INPUT_KUBECONFIG"] = kubeconfig,
                ["SYSTEM_COLLECTIONURI"] = azure.CollectionUri.ToString(),
                ["SYSTEM_TEAMPROJECT"] = FakeAzureDevOps.Project,
            };
            foreach (var (name, value) in inputs) env[$"INPUT_{name}"] = value;
            var stdout = new StringWriter();
            var stderr = new StringWriter();
            var code = await CommandDispatcher.RunAsync([], env, stdout, stderr, CancellationToken.None);
            log.WriteLine(stdout);
            log.WriteLine(stderr);
            log.WriteLine(File.ReadAllText(outputs));
            Assert.True(code == 0, $"{step}: {stdout}{stderr}");
        }
        // The tokens were used (so a step that leaked them had the chance to).
        Assert.Contains(github.Requests, r => r.Header("Authorization") == "Bearer " + GitHubToken);
        Assert.Contains(azure.Requests, r => r.Header("Authorization") == "Bearer " + AzureToken);
        var everything = log + File.ReadAllText(summary) + c.Server.Get("v1", "ConfigMap", "default", "graylane-nginx-service")!.ToJsonString();
        foreach (var secret in new[] { "graylane-local-token", ClientKey, GitHubToken, AzureToken })
        {
            var masks = Regex.Matches(everything, "::add-mask::" + Regex.Escape(secret)).Count;
            Assert.True(masks > 0, $"{secret[..8]}… was never masked");
            Assert.Equal(masks, Regex.Matches(everything, Regex.Escape(secret)).Count);
        }
    }
}
