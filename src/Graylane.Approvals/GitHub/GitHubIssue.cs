namespace Graylane.Approvals.GitHub;

/// <summary>The fields of a GitHub issue Graylane reads (REST v3).</summary>
public sealed class GitHubIssue
{
    public long Number { get; set; }
    public string HtmlUrl { get; set; } = "";
    public string State { get; set; } = "";
    public string Title { get; set; } = "";
    public string? Body { get; set; }
}
