using Graylane.Approvals;
using Graylane.Approvals.Gates;
using Graylane.Core.Validation;

namespace Graylane.Engine.Steps;

/// <summary>
/// wait-approval's inputs, checked before anything is asked or changed. Values a pipeline provides (the
/// repository, API URLs, tokens) fall back to the runner's environment, read through <c>env</c>.
/// </summary>
public sealed record WaitApprovalSettings
{
    public const string GitHub = "github";
    public const string AzureDevOps = "azure-devops";
    public const string None = "none";

    public required string Provider { get; init; }
    public required string Mode { get; init; }
    public bool Resume { get; init; }
    public long? Issue { get; init; }
    public IReadOnlyList<ApproverRef> Approvers { get; init; } = [];
    public int MinimumApprovals { get; init; } = 1;
    public bool ExcludeInitiator { get; init; }
    public TimeSpan Timeout { get; init; }
    public required string OnTimeout { get; init; }
    public required string OnReject { get; init; }
    public TimeSpan PollInterval { get; init; }
    public string? Instructions { get; init; }
    public required ApprovalWords Words { get; init; }
    public IReadOnlyList<GateSpec> Gates { get; init; } = [];
    public Uri? PrometheusUrl { get; init; }
    public string? PrometheusToken { get; init; }
    public TimeSpan Interval { get; init; }
    public int FailureLimit { get; init; }
    public TimeSpan AnalysisDuration { get; init; }
    public Uri? GitHubApiUrl { get; init; }
    public string? GitHubToken { get; init; }
    public string? Repository { get; init; }
    public Uri? AzureCollection { get; init; }
    public string? AzureProject { get; init; }
    public string? AzureToken { get; init; }

    /// <summary>Every credential, to be masked by the host before anything is logged (env fallbacks are unknown to it).</summary>
    public IEnumerable<string> Secrets => new[] { GitHubToken, AzureToken, PrometheusToken }.OfType<string>();

    public static WaitApprovalSettings Parse(StepInputs inputs, string hostName, string initiator, Func<string, string?> env)
    {
        var provider = inputs.Get("provider")?.ToLowerInvariant() ?? hostName switch
        {
            "github-actions" => GitHub,
            "azure-pipelines" => AzureDevOps,
            _ => None,
        };
        if (provider is not (GitHub or AzureDevOps or None))
            throw new InvalidInputException("provider", $"--provider \"{KubeNames.Printable(provider)}\" is not a provider: use github, azure-devops or none (metric gates only)");
        var mode = inputs.Require("mode").ToLowerInvariant();
        if (mode is not ("sync" or "async"))
            throw new InvalidInputException("mode", $"--mode \"{KubeNames.Printable(mode)}\" is not a mode: use sync (the step waits) or async (ask now, decide in a later --resume run)");
        var resume = inputs.Flag("resume");
        long? issue = inputs.Get("issue") is { } i ? Numbers.NonNegative("issue", i.TrimStart('#'), int.MaxValue) : null;
        var words = ApprovalWords.Parse("approve-words", inputs.Get("approve-words"), "deny-words", inputs.Get("deny-words"));

        var approversText = inputs.Get("approvers");
        var approvers = provider switch
        {
            GitHub => ApproverRef.ParseGitHub("approvers", approversText),
            AzureDevOps => ApproverRef.ParseAzureDevOps("approvers", approversText),
            _ when approversText is not null => throw new InvalidInputException("approvers",
                "--approvers needs a place to ask them: --provider github (issue) or azure-devops (work item); --provider none runs metric gates only"),
            _ => [],
        };
        var gates = inputs.List("gate").Select(GateSpec.Parse).ToList();
        if (gates.Select(g => g.Name).GroupBy(n => n).FirstOrDefault(g => g.Count() > 1) is { } twice)
            throw new InvalidInputException("gate", $"--gate {twice.Key} is given twice; gate names must differ");
        if (approvers.Count == 0) provider = None;

        var minimum = Numbers.NonNegative("minimum-approvals", inputs.Require("minimum-approvals"), 100);
        if (minimum < 1)
            throw new InvalidInputException("minimum-approvals", "--minimum-approvals must be at least 1");
        var exclude = inputs.Flag("exclude-initiator");
        var timeout = Positive("timeout", inputs.Duration("timeout"));
        var settings = new WaitApprovalSettings
        {
            Provider = provider,
            Mode = mode,
            Resume = resume,
            Issue = issue,
            Approvers = approvers,
            MinimumApprovals = minimum,
            ExcludeInitiator = exclude,
            Timeout = timeout,
            OnTimeout = FailOrRollback(inputs, "on-timeout"),
            OnReject = FailOrRollback(inputs, "on-reject"),
            PollInterval = Positive("poll-interval", inputs.Duration("poll-interval")),
            Instructions = inputs.Get("instructions"),
            Words = words,
            Gates = gates,
            PrometheusUrl = gates.Count == 0 ? null : HttpUrl("prometheus-url", inputs.Get("prometheus-url")
                ?? throw new InvalidInputException("prometheus-url", "--gate needs --prometheus-url: the Prometheus server to query (e.g. http://prometheus.monitoring:9090)")),
            PrometheusToken = inputs.Get("prometheus-token"),
            Interval = Positive("interval", inputs.Duration("interval")),
            FailureLimit = Math.Max(1, Numbers.NonNegative("failure-limit", inputs.Require("failure-limit"), 1000)),
            AnalysisDuration = inputs.Duration("analysis-duration"),
            GitHubApiUrl = HttpUrl("github-api-url", inputs.Get("github-api-url") ?? env("GITHUB_API_URL") ?? "https://api.github.com"),
            GitHubToken = inputs.Get("github-token") ?? env("GITHUB_TOKEN"),
            Repository = inputs.Get("repository") ?? env("GITHUB_REPOSITORY"),
            AzureCollection = env("SYSTEM_COLLECTIONURI") is { Length: > 0 } c ? HttpUrl("azure-token", c) : null,
            AzureProject = env("SYSTEM_TEAMPROJECT"),
            AzureToken = inputs.Get("azure-token") ?? env("SYSTEM_ACCESSTOKEN"),
        };
        if (resume) return settings;

        if (approvers.Count == 0 && gates.Count == 0)
            throw new InvalidInputException("approvers",
                "wait-approval needs --approvers (who may approve: GitHub users and org/team teams, or Azure DevOps identities) or --gate (a metric check), or both");
        if (approvers.Count > 0 && !approvers.Any(a => a.IsTeam))
        {
            var eligible = approvers.Count(a => !(exclude && string.Equals(a.Name, initiator, StringComparison.OrdinalIgnoreCase)));
            if (minimum > eligible)
                throw new InvalidInputException("minimum-approvals",
                    $"--minimum-approvals {minimum} is more than the {eligible} approver(s) who could approve ({string.Join(", ", approvers)}" +
                    (eligible < approvers.Count ? $"; the initiator {initiator} is excluded" : "") + ")");
        }
        if (mode == "async" && gates.Count > 0)
            throw new InvalidInputException("gate",
                "--gate needs --mode sync: gates are evaluated over time by the waiting step, and in async mode nothing runs between comments; run the gates first (wait-approval --provider none --gate ...), then ask people with --mode async");
        if (mode == "async" && approvers.Count == 0)
            throw new InvalidInputException("approvers", "--mode async needs --approvers: it asks people and returns; metric gates need --mode sync");
        if (gates.Count > 0 && settings.AnalysisDuration >= timeout)
            throw new InvalidInputException("analysis-duration",
                $"--analysis-duration {Durations.Format(settings.AnalysisDuration)} is not shorter than --timeout {Durations.Format(timeout)}, so the gates could never pass in time");
        if (provider == GitHub) settings.RequireGitHub();
        if (provider == AzureDevOps) settings.RequireAzureDevOps();
        return settings;
    }

    /// <summary>The repository and token GitHub needs; throws naming the missing input.</summary>
    public (Uri Api, string Repository, string Token) RequireGitHub()
    {
        var repo = Repository ?? throw new InvalidInputException("repository",
            "GitHub approvals need the repository for the issue: --repository owner/repo (default $GITHUB_REPOSITORY)");
        if (repo.Split('/') is not [{ Length: > 0 } owner, { Length: > 0 } name] || !owner.All(IsRepoChar) || !name.All(IsRepoChar))
            throw new InvalidInputException("repository", $"--repository \"{KubeNames.Printable(repo)}\" is not owner/repo");
        return (GitHubApiUrl!, repo, RequireGitHubToken());
    }

    public string RequireGitHubToken() => GitHubToken ?? throw new InvalidInputException("github-token",
        "GitHub approvals need a token with issues: write: github-token: ${{ github.token }} (or env GITHUB_TOKEN) and permissions: issues: write in the workflow");

    public (Uri Collection, string Project, string Token) RequireAzureDevOps()
    {
        var collection = AzureCollection ?? throw new InvalidInputException("provider",
            "Azure DevOps approvals need the organization URL from SYSTEM_COLLECTIONURI (set in every Azure Pipelines job)");
        var project = AzureProject ?? throw new InvalidInputException("provider",
            "Azure DevOps approvals need the project from SYSTEM_TEAMPROJECT (set in every Azure Pipelines job)");
        var token = AzureToken ?? throw new InvalidInputException("azure-token",
            "Azure DevOps approvals need a token: azureToken: $(System.AccessToken) (or env SYSTEM_ACCESSTOKEN: $(System.AccessToken))");
        return (collection, project, token);
    }

    private static bool IsRepoChar(char c) => char.IsAsciiLetterOrDigit(c) || c is '-' or '_' or '.';

    private static string FailOrRollback(StepInputs inputs, string name)
    {
        var value = inputs.Require(name).ToLowerInvariant();
        return value is "fail" or "rollback" ? value
            : throw new InvalidInputException(name, $"--{name} \"{KubeNames.Printable(value)}\" is not valid: use fail or rollback");
    }

    private static TimeSpan Positive(string name, TimeSpan value) =>
        value > TimeSpan.Zero ? value : throw new InvalidInputException(name, $"--{name} must be longer than 0");

    private static Uri HttpUrl(string name, string text) =>
        Uri.TryCreate(text, UriKind.Absolute, out var u) && u.Scheme is "http" or "https" ? u
            : throw new InvalidInputException(name, $"--{name} \"{KubeNames.Printable(text)}\" is not an http(s) URL");
}
