namespace Graylane.Tests.Workflows.GitHub;

/// <summary>Runs examples/github/&lt;file&gt; against an example cluster, with reviewers answering through a fake GitHub.</summary>
public static class GitHubExampleRun
{
    public static string PathOf(string file) => RepositoryRoot.File(System.IO.Path.Combine("examples", "github", file));

    public static WorkflowRunSettings Settings(ExampleCluster cluster, ReviewerGitHub github, Dictionary<string, string>? inputs = null,
        Func<string, string, bool>? reviewEnvironment = null)
    {
        var settings = new WorkflowRunSettings
        {
            Kubeconfig = cluster.Kubeconfig,
            Inputs = inputs ?? [],
            Vars = new() { ["RELEASE_APPROVERS"] = "alice, bob" },
            ReviewEnvironment = reviewEnvironment ?? ((_, _) => true),
        };
        settings.GitHub["token"] = github.Token;
        settings.GitHub["api_url"] = github.ApiUrl.ToString().TrimEnd('/');
        return settings;
    }

    public static async Task<WorkflowRun> RunAsync(string file, WorkflowRunSettings settings)
    {
        var run = await new GitHubWorkflowRunner(settings).RunAsync(PathOf(file));
        // Whatever a test asserts next, a secret printed anywhere is a failure of its own.
        Assert.DoesNotContain("graylane-local-token", run.Log.Replace("::add-mask::graylane-local-token", ""));
        return run;
    }
}
