using Graylane.Approvals;
using Graylane.Approvals.AzureDevOps;
using Graylane.Approvals.Gates;
using Graylane.Approvals.GitHub;
using Graylane.Core.Model;

namespace Graylane.Engine.Steps;

/// <summary>Builds the approval channel and the gate board wait-approval works with, from its settings.</summary>
internal static class WaitApprovalChannels
{
    /// <summary>The channel of a provider; location overrides the repository when continuing a recorded request.</summary>
    public static IApprovalChannel? Create(string provider, string? location, WaitApprovalSettings s, HttpClient http, StepContext ctx) => provider switch
    {
        WaitApprovalSettings.GitHub => GitHub(location, s, http, ctx),
        WaitApprovalSettings.AzureDevOps => AzureDevOps(s, http, ctx),
        _ => null,
    };

    private static GitHubChannel GitHub(string? location, WaitApprovalSettings s, HttpClient http, StepContext ctx)
    {
        // A recorded request names its repository; only a new one needs --repository / GITHUB_REPOSITORY.
        var (api, repo, token) = location is null ? s.RequireGitHub() : (s.GitHubApiUrl!, location, s.RequireGitHubToken());
        return new GitHubChannel(new GitHubApi(http, api, token, ctx.Time, ctx.Info), repo, ctx.Info, ctx.Warn);
    }

    private static AzureDevOpsChannel AzureDevOps(WaitApprovalSettings s, HttpClient http, StepContext ctx)
    {
        var (collection, project, token) = s.RequireAzureDevOps();
        return new AzureDevOpsChannel(new AzureDevOpsApi(http, collection, project, token, ctx.Time, ctx.Info), ctx.Info);
    }

    public static GateBoard? Gates(WaitApprovalSettings s, ReleaseRecord record, HttpClient http, StepContext ctx)
    {
        if (s.Gates.Count == 0) return null;
        var prometheus = new PrometheusClient(http, s.PrometheusUrl!, s.PrometheusToken, ctx.Time, ctx.Info);
        var variables = new Dictionary<string, string>
        {
            ["namespace"] = record.Namespace,
            ["service"] = record.Workloads.FirstOrDefault()?.Service ?? record.App,
            ["app"] = record.App,
            ["version"] = record.GrayVersion,
            ["baseline_version"] = record.BaselineVersion,
        };
        return new GateBoard(s.Gates, prometheus, variables, s.FailureLimit, s.AnalysisDuration, ctx.Time.GetUtcNow(), ctx.Info);
    }
}
