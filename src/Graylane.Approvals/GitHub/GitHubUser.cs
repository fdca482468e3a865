namespace Graylane.Approvals.GitHub;

public sealed class GitHubUser
{
    public string Login { get; set; } = "";
    /// <summary>User, Bot or Organization.</summary>
    public string? Type { get; set; }
}
