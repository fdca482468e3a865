namespace Graylane.Approvals.GitHub;

/// <summary>
/// Approval by issue: opens an issue describing the release, assigns and mentions the approvers (GitHub
/// allows 10 assignees; everyone is mentioned), reads the comments, and comments the outcome when closing.
/// </summary>
public sealed class GitHubChannel(GitHubApi api, string repository, Action<string> log, Action<string> warn) : IApprovalChannel
{
    /// <summary>GitHub's limit on assignees per issue.</summary>
    public const int MaxAssignees = 10;
    public const string Label = "graylane-approval";

    public string Provider => "github";
    public string Location => repository;

    public async Task<IReadOnlyList<string>> ExpandAsync(IReadOnlyList<ApproverRef> approvers, CancellationToken ct)
    {
        var people = new List<string>();
        void Add(string login)
        {
            if (!people.Contains(login, StringComparer.OrdinalIgnoreCase)) people.Add(login);
        }
        foreach (var a in approvers)
        {
            if (!a.IsTeam)
            {
                Add(a.Name);
                continue;
            }
            var members = await api.TeamMembersAsync(a.Org!, a.Team!, ct);
            log($"Team {a}: {(members.Count == 0 ? "no members" : string.Join(", ", members))}");
            foreach (var m in members) Add(m);
        }
        return people;
    }

    public async Task<ApprovalTicket> OpenAsync(ApprovalRequest request, CancellationToken ct)
    {
        var assignees = request.Eligible.Take(MaxAssignees).ToList();
        if (request.Eligible.Count > MaxAssignees)
            log($"GitHub allows {MaxAssignees} assignees per issue: assigning {string.Join(", ", assignees)}; all approvers are mentioned in the issue");
        var issue = new GitHubNewIssue { Title = request.Title, Body = GitHubIssueText.Render(request), Assignees = assignees, Labels = [Label] };
        var created = await api.CreateIssueAsync(repository, issue, ct);
        if (created is null)
        {
            warn($"GitHub refused to assign {string.Join(", ", assignees)} (422: not all of them can be assigned in {repository}); the issue is opened without assignees and mentions them instead");
            issue.Assignees = null;
            created = await api.CreateIssueAsync(repository, issue, ct)
                ?? throw new ApprovalServiceException($"GitHub refused to create the approval issue in {repository} (422)", transient: false);
        }
        return new ApprovalTicket(created.Number, created.HtmlUrl);
    }

    public async Task<ApprovalTicket?> FindOpenAsync(string marker, CancellationToken ct) =>
        (await api.ListOpenIssuesAsync(repository, Label, ct)).Where(i => i.Body?.Contains(marker, StringComparison.Ordinal) == true)
            .OrderBy(i => i.Number).Select(i => new ApprovalTicket(i.Number, i.HtmlUrl)).FirstOrDefault();

    public async Task<bool> HasMarkerAsync(long number, string marker, CancellationToken ct) =>
        (await api.GetIssueAsync(repository, number, ct)).Body?.Contains(marker, StringComparison.Ordinal) == true;

    public async Task<IReadOnlyList<ApprovalComment>> ReadCommentsAsync(long number, CancellationToken ct) =>
        (await api.ListCommentsAsync(repository, number, ct))
            .Where(c => c.User is not null && c.User.Type != "Bot")
            .Select(c => new ApprovalComment(c.User!.Login, [c.User.Login], c.Body ?? "", c.CreatedAt))
            .ToList();

    public async Task CloseAsync(long number, string outcome, bool approved, CancellationToken ct)
    {
        await api.CommentAsync(repository, number, outcome, ct);
        await api.CloseIssueAsync(repository, number, approved, ct);
    }
}
