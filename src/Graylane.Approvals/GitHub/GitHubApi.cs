using System.Net;
using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using Graylane.Approvals.Http;
using Graylane.Core.Validation;

namespace Graylane.Approvals.GitHub;

/// <summary>
/// The GitHub REST v3 calls an approval needs, over HttpClient. The API base is GITHUB_API_URL, so GitHub
/// Enterprise Server (https://host/api/v3) works the same. Refusals name the permission the token lacks.
/// </summary>
public sealed class GitHubApi
{
    public const string TokenInput = "github-token";
    private readonly RestClient _rest;
    private readonly string _base;

    public GitHubApi(HttpClient http, Uri apiBase, string token, TimeProvider time, Action<string> log)
    {
        _base = apiBase.ToString().TrimEnd('/');
        _rest = new RestClient(http, "GitHub", time, log, request =>
        {
            request.Headers.TryAddWithoutValidation("Authorization", "Bearer " + token);
            request.Headers.TryAddWithoutValidation("Accept", "application/vnd.github+json");
            request.Headers.TryAddWithoutValidation("X-GitHub-Api-Version", "2022-11-28");
            request.Headers.TryAddWithoutValidation("User-Agent", "graylane");
        });
    }

    /// <summary>
    /// Creates the issue; null when GitHub refused it with 422 while assignees were set (someone is not a
    /// collaborator and cannot be assigned), so the caller can create it again without assignees.
    /// </summary>
    public async Task<GitHubIssue?> CreateIssueAsync(string repo, GitHubNewIssue issue, CancellationToken ct)
    {
        var r = await _rest.SendAsync(HttpMethod.Post, $"{_base}/repos/{repo}/issues", Json(issue, GitHubJson.Default.GitHubNewIssue), ct);
        if (r.Status == HttpStatusCode.UnprocessableEntity && issue.Assignees is { Count: > 0 }) return null;
        Check(r, $"creating the approval issue in {repo}", "issues: write");
        return Read(r, GitHubJson.Default.GitHubIssue);
    }

    public async Task<GitHubIssue> GetIssueAsync(string repo, long number, CancellationToken ct)
    {
        var r = await _rest.SendAsync(HttpMethod.Get, $"{_base}/repos/{repo}/issues/{number}", null, ct);
        Check(r, $"reading issue #{number} in {repo}", "issues: read");
        return Read(r, GitHubJson.Default.GitHubIssue);
    }

    /// <summary>Open issues carrying the label, newest first, page by page.</summary>
    public async Task<IReadOnlyList<GitHubIssue>> ListOpenIssuesAsync(string repo, string label, CancellationToken ct)
    {
        var all = new List<GitHubIssue>();
        string? url = $"{_base}/repos/{repo}/issues?state=open&labels={Uri.EscapeDataString(label)}&per_page=100";
        for (var page = 0; url is not null && page < 10; page++)
        {
            var r = await _rest.SendAsync(HttpMethod.Get, url, null, ct);
            Check(r, $"listing the open approval issues in {repo}", "issues: read");
            all.AddRange(Read(r, GitHubJson.Default.ListGitHubIssue));
            url = LinkHeader.Next(r.Header("link"));
        }
        return all;
    }

    /// <summary>All comments, page by page; each page is a conditional request, so an unchanged page costs no rate limit.</summary>
    public async Task<IReadOnlyList<GitHubComment>> ListCommentsAsync(string repo, long number, CancellationToken ct)
    {
        var all = new List<GitHubComment>();
        string? url = $"{_base}/repos/{repo}/issues/{number}/comments?per_page=100";
        for (var page = 0; url is not null && page < 50; page++)
        {
            var r = await _rest.SendAsync(HttpMethod.Get, url, null, ct);
            Check(r, $"reading the comments of issue #{number} in {repo}", "issues: read");
            all.AddRange(Read(r, GitHubJson.Default.ListGitHubComment));
            url = LinkHeader.Next(r.Header("link"));
        }
        return all;
    }

    public async Task CommentAsync(string repo, long number, string body, CancellationToken ct)
    {
        var r = await _rest.SendAsync(HttpMethod.Post, $"{_base}/repos/{repo}/issues/{number}/comments",
            Json(new GitHubNewComment { Body = body }, GitHubJson.Default.GitHubNewComment), ct);
        Check(r, $"commenting on issue #{number} in {repo}", "issues: write");
    }

    public async Task CloseIssueAsync(string repo, long number, bool completed, CancellationToken ct)
    {
        var update = new GitHubIssueUpdate { State = "closed", StateReason = completed ? "completed" : "not_planned" };
        var r = await _rest.SendAsync(HttpMethod.Patch, $"{_base}/repos/{repo}/issues/{number}", Json(update, GitHubJson.Default.GitHubIssueUpdate), ct);
        Check(r, $"closing issue #{number} in {repo}", "issues: write");
    }

    /// <summary>Members of org/team. The workflow's GITHUB_TOKEN cannot read teams: this needs an App or a token with members: read.</summary>
    public async Task<IReadOnlyList<string>> TeamMembersAsync(string org, string team, CancellationToken ct)
    {
        var all = new List<string>();
        string? url = $"{_base}/orgs/{org}/teams/{team}/members?per_page=100";
        for (var page = 0; url is not null && page < 50; page++)
        {
            var r = await _rest.SendAsync(HttpMethod.Get, url, null, ct);
            if (r.Status == HttpStatusCode.NotFound)
                throw new InvalidInputException("approvers",
                    $"team {org}/{team} was not found, or the token cannot see it: expanding a team needs a token with the organization permission members: read " +
                    "(the workflow's GITHUB_TOKEN never has it — use a GitHub App token or a fine-grained token in github-token)");
            Check(r, $"reading the members of team {org}/{team}", "the organization permission members: read (the workflow's GITHUB_TOKEN never has it — use a GitHub App token)");
            all.AddRange(Read(r, GitHubJson.Default.ListGitHubUser).Select(u => u.Login));
            url = LinkHeader.Next(r.Header("link"));
        }
        return all;
    }

    private static void Check(RestResponse r, string doing, string permission)
    {
        if (r.IsSuccess) return;
        var message = Message(r);
        switch ((int)r.Status)
        {
            case 401:
                throw new InvalidInputException(TokenInput, $"GitHub refused the token while {doing} (401 {message}); give a valid token in {TokenInput}");
            case 403:
                throw new InvalidInputException(TokenInput, $"GitHub denied {doing} (403 {message}): the token needs {permission}");
            case 404:
                throw new InvalidInputException("repository", $"GitHub answered 404 ({message}) while {doing}: the repository or issue does not exist, or the token cannot see it (it needs {permission})");
            case 410:
                throw new InvalidInputException("repository", $"GitHub answered 410 ({message}) while {doing}: issues are disabled in this repository; enable them or use a GitHub environment (docs/approvals.md)");
            default:
                throw new ApprovalServiceException($"GitHub answered {(int)r.Status} ({message}) while {doing}", RateLimitWait.IsServerError(r.Status) || (int)r.Status is 403 or 429);
        }
    }

    private static string Message(RestResponse r)
    {
        try
        {
            if (JsonSerializer.Deserialize(r.Body, GitHubJson.Default.GitHubError)?.Message is { Length: > 0 } m) return m;
        }
        catch (JsonException) { }
        return r.Status.ToString();
    }

    private static string Json<T>(T value, JsonTypeInfo<T> info) => RestJson.Write(value, info);

    private static T Read<T>(RestResponse r, JsonTypeInfo<T> info) => RestJson.Read(r, info, "GitHub");
}
