namespace Graylane.Approvals.GitHub;

/// <summary>PATCH /repos/{owner}/{repo}/issues/{number}: state closed, state_reason completed or not_planned.</summary>
public sealed class GitHubIssueUpdate
{
    public string State { get; set; } = "closed";
    public string? StateReason { get; set; }
}
