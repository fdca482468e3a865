namespace Graylane.Approvals.GitHub;

/// <summary>GitHub's error body: {"message": "...", "documentation_url": "..."}.</summary>
public sealed class GitHubError
{
    public string? Message { get; set; }
    public string? DocumentationUrl { get; set; }
}
