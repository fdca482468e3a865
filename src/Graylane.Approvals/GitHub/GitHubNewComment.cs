namespace Graylane.Approvals.GitHub;

/// <summary>POST /repos/{owner}/{repo}/issues/{number}/comments</summary>
public sealed class GitHubNewComment
{
    public string Body { get; set; } = "";
}
