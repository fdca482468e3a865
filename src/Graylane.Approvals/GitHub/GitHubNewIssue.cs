namespace Graylane.Approvals.GitHub;

/// <summary>POST /repos/{owner}/{repo}/issues</summary>
public sealed class GitHubNewIssue
{
    public string Title { get; set; } = "";
    public string Body { get; set; } = "";
    public List<string>? Assignees { get; set; }
    public List<string>? Labels { get; set; }
}
