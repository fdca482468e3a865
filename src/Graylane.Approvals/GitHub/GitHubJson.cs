using System.Text.Json.Serialization;

namespace Graylane.Approvals.GitHub;

/// <summary>Source-generated JSON for GitHub REST v3 (snake_case). Octokit is not used: it breaks under Native AOT.</summary>
[JsonSourceGenerationOptions(
    PropertyNamingPolicy = JsonKnownNamingPolicy.SnakeCaseLower,
    DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull)]
[JsonSerializable(typeof(GitHubIssue))]
[JsonSerializable(typeof(List<GitHubComment>))]
[JsonSerializable(typeof(List<GitHubIssue>))]
[JsonSerializable(typeof(List<GitHubUser>))]
[JsonSerializable(typeof(GitHubNewIssue))]
[JsonSerializable(typeof(GitHubNewComment))]
[JsonSerializable(typeof(GitHubIssueUpdate))]
[JsonSerializable(typeof(GitHubError))]
public sealed partial class GitHubJson : JsonSerializerContext;
