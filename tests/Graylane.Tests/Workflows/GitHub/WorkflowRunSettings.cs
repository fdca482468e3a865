namespace Graylane.Tests.Workflows.GitHub;

/// <summary>What a test decides for a run: the cluster's kubeconfig (secrets.KUBECONFIG), the contexts, and the reviewers.</summary>
public sealed class WorkflowRunSettings
{
    public required string Kubeconfig { get; init; }
    public Dictionary<string, string> Secrets { get; init; } = new(StringComparer.Ordinal);
    public Dictionary<string, string> Vars { get; init; } = new(StringComparer.Ordinal);
    public Dictionary<string, string> Inputs { get; init; } = new(StringComparer.Ordinal);

    /// <summary>The github context; what a step's environment gets as GITHUB_* is taken from it too.</summary>
    public Dictionary<string, string> GitHub { get; init; } = new(StringComparer.Ordinal)
    {
        ["token"] = "ghs_LocalRunnerToken0123456789",
        ["actor"] = "octocat",
        ["repository"] = "shop/web",
        ["run_id"] = "4242",
        ["run_attempt"] = "1",
        ["sha"] = "0123456789abcdef0123456789abcdef01234567",
        ["ref"] = "refs/heads/main",
        ["event_name"] = "workflow_dispatch",
        ["server_url"] = "https://github.com",
        ["api_url"] = "https://api.github.com",
    };

    /// <summary>A reviewer's answer for a job bound to an environment (job id, environment) → approved; default approves.</summary>
    public Func<string, string, bool> ReviewEnvironment { get; init; } = (_, _) => true;
}
