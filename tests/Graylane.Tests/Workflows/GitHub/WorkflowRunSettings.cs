using System.Text.Json.Nodes;

namespace Graylane.Tests.Workflows.GitHub;

/// <summary>
/// What a test decides for a run: the cluster's kubeconfig (secrets.KUBECONFIG), the contexts, the event, the runner
/// machine (its OS and architecture as the runner reports them, and environment variables it has), the reviewers,
/// and the clock the Graylane steps wait on.
/// </summary>
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
        ["run_number"] = "17",
        ["run_attempt"] = "1",
        ["sha"] = "0123456789abcdef0123456789abcdef01234567",
        ["ref"] = "refs/heads/main",
        ["event_name"] = "workflow_dispatch",
        ["server_url"] = "https://github.com",
        ["api_url"] = "https://api.github.com",
    };

    /// <summary>github.event: the webhook payload of the event that started the run (also written to GITHUB_EVENT_PATH).</summary>
    public JsonObject Event { get; init; } = new();

    /// <summary>runner.os / RUNNER_OS: Linux, Windows or macOS (scripts still run on this machine's bash).</summary>
    public string RunnerOs { get; init; } = "Linux";

    /// <summary>runner.arch / RUNNER_ARCH: X64, ARM64, X86 or ARM.</summary>
    public string RunnerArch { get; init; } = "X64";

    /// <summary>Variables set on the runner machine itself (a self-hosted runner's environment), seen by `run:` steps.</summary>
    public Dictionary<string, string> MachineEnvironment { get; init; } = new(StringComparer.Ordinal);

    /// <summary>A folder standing in for the repository at github.sha: what actions/checkout copies into the workspace.</summary>
    public string? Repository { get; set; }

    /// <summary>The clock the in-process Graylane steps wait on (approval polls, gates, scale-down delays); null: real time.</summary>
    public TimeProvider? Clock { get; init; }

    /// <summary>A reviewer's answer for a job bound to an environment (job id, environment) → approved; default approves.</summary>
    public Func<string, string, bool> ReviewEnvironment { get; init; } = (_, _) => true;
}
