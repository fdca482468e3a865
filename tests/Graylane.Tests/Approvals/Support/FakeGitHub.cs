using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Http;

namespace Graylane.Tests.Approvals.Support;

/// <summary>
/// GitHub REST v3 as the approval step uses it: issues, comments (paged, with ETag and 304), issue updates, team
/// members, bearer-token checks, rate-limit headers on every answer, and injectable refusals (403 permission,
/// primary and secondary rate limits). Scripted comments appear when the fake clock reaches their time.
/// </summary>
public sealed class FakeGitHub : IAsyncDisposable
{
    private readonly Lock _gate = new();
    private readonly TimeProvider _clock;
    private readonly List<ScriptedComment> _script = [];
    private FakeHttpServer _server = null!;
    private long _nextComment = 1000;

    private FakeGitHub(TimeProvider clock, string token)
    {
        _clock = clock;
        Token = token;
    }

    public string Token { get; }
    public Uri ApiUrl => new(_server.Url, "api/v3/");
    public List<FakeIssue> Issues { get; } = [];
    public Dictionary<string, List<string>> Teams { get; } = new(StringComparer.OrdinalIgnoreCase);
    /// <summary>Users GitHub refuses as assignees (422), e.g. people without access to the repository.</summary>
    public HashSet<string> NotAssignable { get; } = new(StringComparer.OrdinalIgnoreCase);
    public bool DenyIssueCreation { get; set; }
    /// <summary>Answers given instead of the next comment reads (then normal service resumes).</summary>
    public Queue<Func<HttpContext, Task>> CommentReadFaults { get; } = new();
    public int PageSize { get; set; } = 100;
    public int NotModifiedCount;
    public IReadOnlyCollection<FakeRequest> Requests => _server.Requests;

    public static async Task<FakeGitHub> StartAsync(TimeProvider clock, string token = "ghs_FakeGitHubToken0123456789abcdef")
    {
        var fake = new FakeGitHub(clock, token);
        fake._server = await FakeHttpServer.StartAsync(clock, fake.HandleAsync);
        return fake;
    }

    public void Script(string author, string text, TimeSpan after)
    {
        lock (_gate) _script.Add(new ScriptedComment(author, text, after));
    }

    /// <summary>403 as GitHub sends it when the primary rate limit is used up: remaining 0 and the reset time.</summary>
    public static Func<HttpContext, Task> PrimaryLimit(TimeProvider clock, TimeSpan resetIn) => async ctx =>
    {
        ctx.Response.StatusCode = 403;
        ctx.Response.Headers["x-ratelimit-limit"] = "5000";
        ctx.Response.Headers["x-ratelimit-remaining"] = "0";
        ctx.Response.Headers["x-ratelimit-reset"] = (clock.GetUtcNow() + resetIn).ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture);
        await Json(ctx, new JsonObject { ["message"] = "API rate limit exceeded for installation ID 1.", ["documentation_url"] = "https://docs.github.com/rest/rate-limit" });
    };

    /// <summary>429 for the secondary limit, with Retry-After.</summary>
    public static Func<HttpContext, Task> SecondaryLimit(int retryAfterSeconds) => async ctx =>
    {
        ctx.Response.StatusCode = 429;
        ctx.Response.Headers["retry-after"] = retryAfterSeconds.ToString(CultureInfo.InvariantCulture);
        await Json(ctx, new JsonObject { ["message"] = "You have exceeded a secondary rate limit. Please wait a few minutes before you try again." });
    };

    private async Task HandleAsync(HttpContext ctx, FakeRequest req)
    {
        if (req.Header("Authorization") != "Bearer " + Token)
        {
            ctx.Response.StatusCode = 401;
            await Json(ctx, new JsonObject { ["message"] = "Bad credentials" });
            return;
        }
        ctx.Response.Headers["x-ratelimit-limit"] = "5000";
        ctx.Response.Headers["x-ratelimit-remaining"] = "4000";
        ctx.Response.Headers["x-ratelimit-reset"] = (_clock.GetUtcNow() + TimeSpan.FromHours(1)).ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture);
        var parts = req.Path.Split('/', StringSplitOptions.RemoveEmptyEntries);
        // /api/v3/repos/{owner}/{repo}/issues[/{n}[/comments]] and /api/v3/orgs/{org}/teams/{slug}/members
        if (parts is ["api", "v3", "orgs", var org, "teams", var slug, "members"] && req.Method == "GET")
        {
            if (!Teams.TryGetValue($"{org}/{slug}", out var members))
            {
                ctx.Response.StatusCode = 404;
                await Json(ctx, new JsonObject { ["message"] = "Not Found" });
                return;
            }
            await Json(ctx, new JsonArray(members.Select(m => (JsonNode)new JsonObject { ["login"] = m, ["type"] = "User" }).ToArray()));
            return;
        }
        if (parts is not ["api", "v3", "repos", var owner, var repo, "issues", .. var rest])
        {
            ctx.Response.StatusCode = 404;
            await Json(ctx, new JsonObject { ["message"] = "Not Found" });
            return;
        }
        var repository = $"{owner}/{repo}";
        switch (rest, req.Method)
        {
            case ([], "POST"):
                await CreateIssueAsync(ctx, repository, req);
                return;
            case ([], "GET"):
                // state (default open) and labels (all of them) filter, as GitHub does.
                var state = ctx.Request.Query["state"].ToString() is { Length: > 0 } st ? st : "open";
                var labels = ctx.Request.Query["labels"].ToString().Split(',', StringSplitOptions.RemoveEmptyEntries);
                List<FakeIssue> listed;
                lock (_gate)
                    listed = Issues.Where(i => i.Repository == repository && (state == "all" || i.State == state) && labels.All(i.Labels.Contains))
                        .OrderByDescending(i => i.Number).ToList();
                await Json(ctx, new JsonArray(listed.Select(i => (JsonNode)IssueJson(i)).ToArray()));
                return;
            case ([var n], "GET"):
                await Json(ctx, IssueJson(Find(n)));
                return;
            case ([var n], "PATCH"):
                var update = JsonNode.Parse(req.Body)!;
                var issue = Find(n);
                issue.State = (string?)update["state"] ?? issue.State;
                issue.StateReason = (string?)update["state_reason"];
                await Json(ctx, IssueJson(issue));
                return;
            case ([var n, "comments"], "GET"):
                await ListCommentsAsync(ctx, req, Find(n));
                return;
            case ([var n, "comments"], "POST"):
                var target = Find(n);
                var comment = new FakeComment(Interlocked.Increment(ref _nextComment), "graylane-bot", (string)JsonNode.Parse(req.Body)!["body"]!, _clock.GetUtcNow(), "Bot");
                lock (_gate) target.Comments.Add(comment);
                ctx.Response.StatusCode = 201;
                await Json(ctx, CommentJson(comment));
                return;
        }
        ctx.Response.StatusCode = 404;
        await Json(ctx, new JsonObject { ["message"] = "Not Found" });
    }

    private async Task CreateIssueAsync(HttpContext ctx, string repository, FakeRequest req)
    {
        if (DenyIssueCreation)
        {
            ctx.Response.StatusCode = 403;
            await Json(ctx, new JsonObject { ["message"] = "Resource not accessible by integration", ["documentation_url"] = "https://docs.github.com/rest/issues/issues#create-an-issue" });
            return;
        }
        var body = JsonNode.Parse(req.Body)!;
        var assignees = body["assignees"]?.AsArray().Select(a => (string)a!).ToList() ?? [];
        if (assignees.Any(NotAssignable.Contains))
        {
            ctx.Response.StatusCode = 422;
            await Json(ctx, new JsonObject
            {
                ["message"] = "Validation Failed",
                ["errors"] = new JsonArray(new JsonObject { ["resource"] = "Issue", ["code"] = "invalid", ["field"] = "assignees" }),
            });
            return;
        }
        FakeIssue issue;
        lock (_gate)
        {
            issue = new FakeIssue(Issues.Count + 1, repository, (string)body["title"]!, (string?)body["body"] ?? "", assignees,
                body["labels"]?.AsArray().Select(a => (string)a!).ToList() ?? [], _clock.GetUtcNow());
            Issues.Add(issue);
            if (Issues.Count == 1)
                foreach (var s in _script)
                    issue.Comments.Add(new FakeComment(Interlocked.Increment(ref _nextComment), s.Author, s.Text, issue.CreatedAt + s.After, "User"));
        }
        ctx.Response.StatusCode = 201;
        await Json(ctx, IssueJson(issue));
    }

    /// <summary>Comments visible now, paged; an unchanged page answers 304 to a matching If-None-Match.</summary>
    private async Task ListCommentsAsync(HttpContext ctx, FakeRequest req, FakeIssue issue)
    {
        Func<HttpContext, Task>? fault = null;
        lock (_gate) CommentReadFaults.TryDequeue(out fault);
        if (fault is not null)
        {
            await fault(ctx);
            return;
        }
        var now = _clock.GetUtcNow();
        var page = int.TryParse(ctx.Request.Query["page"], out var p) ? p : 1;
        List<FakeComment> visible;
        lock (_gate) visible = issue.Comments.Where(c => c.CreatedAt <= now).OrderBy(c => c.CreatedAt).ToList();
        var slice = visible.Skip((page - 1) * PageSize).Take(PageSize).ToList();
        var json = new JsonArray(slice.Select(c => (JsonNode)CommentJson(c)).ToArray()).ToJsonString();
        var etag = "\"" + Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(json)))[..16] + "\"";
        if (visible.Count > page * PageSize)
        {
            var next = $"{ApiUrl}repos/{issue.Repository}/issues/{issue.Number}/comments?per_page={PageSize}&page={page + 1}";
            ctx.Response.Headers["link"] = $"<{next}>; rel=\"next\"";
        }
        ctx.Response.Headers["etag"] = etag;
        if (req.Header("If-None-Match") == etag)
        {
            Interlocked.Increment(ref NotModifiedCount);
            ctx.Response.StatusCode = 304;
            return;
        }
        ctx.Response.ContentType = "application/json; charset=utf-8";
        await ctx.Response.WriteAsync(json);
    }

    private FakeIssue Find(string number)
    {
        lock (_gate) return Issues.Single(i => i.Number.ToString(CultureInfo.InvariantCulture) == number);
    }

    private JsonObject IssueJson(FakeIssue i) => new()
    {
        ["number"] = i.Number,
        ["html_url"] = $"https://github.example/{i.Repository}/issues/{i.Number}",
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

    internal static async Task Json(HttpContext ctx, JsonNode node)
    {
        ctx.Response.ContentType = "application/json; charset=utf-8";
        await ctx.Response.WriteAsync(node.ToJsonString());
    }

    public ValueTask DisposeAsync() => _server.DisposeAsync();
}
