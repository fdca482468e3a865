namespace Graylane.Approvals.GitHub;

public sealed class GitHubComment
{
    public long Id { get; set; }
    public GitHubUser? User { get; set; }
    public string? Body { get; set; }
    public DateTimeOffset CreatedAt { get; set; }
}
