using System.Collections.Concurrent;
using System.Globalization;
using System.Text.Json.Nodes;
using Graylane.Tests.Approvals.Support;
using Microsoft.AspNetCore.Http;

namespace Graylane.Tests.Workflows.GitHub;

/// <summary>
/// GitHub's issues API where reviewers answer at once: every approval issue wait-approval opens gets the next
/// scripted answer (e.g. alice: "approve") as a comment already there, so a workflow's wait-approval steps run
/// for real (issue, comments, outcome comment, close) without waiting. An issue with no answer left stays
/// unanswered. Reached through GITHUB_API_URL, as on a runner.
/// </summary>
public sealed class ReviewerGitHub : IAsyncDisposable
{
    private readonly ConcurrentQueue<(string Author, string Body)> _answers = new();
    private readonly List<FakeIssue> _issues = [];
    private readonly Lock _gate = new();
    private FakeHttpServer _server = null!;
    private long _nextComment = 1;

    public string Token { get; }
    public Uri ApiUrl => _server.Url;

    private ReviewerGitHub(string token) => Token = token;

    public static async Task<ReviewerGitHub> StartAsync(string token)
    {
        var fake = new ReviewerGitHub(token);
        fake._server = await FakeHttpServer.StartAsync(TimeProvider.System, fake.HandleAsync);
        return fake;
    }

    /// <summary>The answer the next approval issue gets.</summary>
    public void Answer(string author, string body) => _answers.Enqueue((author, body));

    /// <summary>Someone comments on an issue after it was opened (an answer to an async request).</summary>
    public void Comment(int issue, string author, string body)
    {
        lock (_gate) Find(issue.ToString(CultureInfo.InvariantCulture)).Comments.Add(new FakeComment(_nextComment++, author, body, DateTimeOffset.UtcNow, "User"));
    }

    public IReadOnlyList<FakeIssue> Issues
    {
        get { lock (_gate) return _issues.ToList(); }
    }

    private async Task HandleAsync(HttpContext ctx, FakeRequest req)
    {
        if (req.Header("Authorization") != "Bearer " + Token)
        {
            await Json(ctx, 401, new JsonObject { ["message"] = "Bad credentials" });
            return;
        }
        var parts = req.Path.Split('/', StringSplitOptions.RemoveEmptyEntries);
        switch (parts, req.Method)
        {
            case (["repos", var owner, var repo, "issues"], "POST"):
                var body = JsonNode.Parse(req.Body)!;
                FakeIssue issue;
                lock (_gate)
                {
                    issue = new FakeIssue(_issues.Count + 1, $"{owner}/{repo}", (string)body["title"]!, (string?)body["body"] ?? "",
                        body["assignees"]?.AsArray().Select(a => (string)a!).ToList() ?? [],
                        body["labels"]?.AsArray().Select(a => (string)a!).ToList() ?? [], DateTimeOffset.UtcNow);
                    if (_answers.TryDequeue(out var answer))
                        issue.Comments.Add(new FakeComment(_nextComment++, answer.Author, answer.Body, issue.CreatedAt, "User"));
                    _issues.Add(issue);
                }
                await Json(ctx, 201, IssueJson(issue));
                return;
            case (["repos", var owner, var repo, "issues"], "GET"):
                // Open issues carrying the labels asked for (wait-approval looks for its own before opening one).
                var labels = ctx.Request.Query["labels"].ToString().Split(',', StringSplitOptions.RemoveEmptyEntries);
                List<FakeIssue> open;
                lock (_gate) open = _issues.Where(i => i.Repository == $"{owner}/{repo}" && i.State == "open" && labels.All(i.Labels.Contains)).ToList();
                await Json(ctx, 200, new JsonArray(open.Select(i => (JsonNode)IssueJson(i)).ToArray()));
                return;
            case (["repos", _, _, "issues", var n], "GET"):
                await Json(ctx, 200, IssueJson(Find(n)));
                return;
            case (["repos", _, _, "issues", var n], "PATCH"):
                var found = Find(n);
                found.State = (string?)JsonNode.Parse(req.Body)!["state"] ?? found.State;
                await Json(ctx, 200, IssueJson(found));
                return;
            case (["repos", _, _, "issues", var n, "comments"], "GET"):
                List<FakeComment> comments;
                lock (_gate) comments = Find(n).Comments.ToList();
                await Json(ctx, 200, new JsonArray(comments.Select(c => (JsonNode)CommentJson(c)).ToArray()));
                return;
            case (["repos", _, _, "issues", var n, "comments"], "POST"):
                var comment = new FakeComment(Interlocked.Increment(ref _nextComment), "github-actions[bot]",
                    (string)JsonNode.Parse(req.Body)!["body"]!, DateTimeOffset.UtcNow, "Bot");
                lock (_gate) Find(n).Comments.Add(comment);
                await Json(ctx, 201, CommentJson(comment));
                return;
        }
        await Json(ctx, 404, new JsonObject { ["message"] = "Not Found" });
    }

    private FakeIssue Find(string number)
    {
        lock (_gate) return _issues.Single(i => i.Number.ToString(CultureInfo.InvariantCulture) == number);
    }

    private static JsonObject IssueJson(FakeIssue i) => new()
    {
        ["number"] = i.Number,
        ["html_url"] = $"https://github.com/{i.Repository}/issues/{i.Number}",
        ["state"] = i.State,
        ["title"] = i.Title,
        ["body"] = i.Body,
        ["assignees"] = new JsonArray(i.Assignees.Select(a => (JsonNode)new JsonObject { ["login"] = a }).ToArray()),
    };

    private static JsonObject CommentJson(FakeComment c) => new()
    {
        ["id"] = c.Id,
        ["user"] = new JsonObject { ["login"] = c.Author, ["type"] = c.Type },
        ["body"] = c.Body,
        ["created_at"] = c.CreatedAt.ToString("yyyy-MM-ddTHH:mm:ssZ", CultureInfo.InvariantCulture),
    };

    private static async Task Json(HttpContext ctx, int status, JsonNode node)
    {
        ctx.Response.StatusCode = status;
        ctx.Response.ContentType = "application/json; charset=utf-8";
        await ctx.Response.WriteAsync(node.ToJsonString());
    }

    public ValueTask DisposeAsync() => _server.DisposeAsync();
}
