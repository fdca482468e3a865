using System.Globalization;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Http;

namespace Graylane.Tests.Approvals.Support;

/// <summary>
/// The Azure DevOps work item REST API as the step uses it: create (JSON Patch, application/json-patch+json,
/// api-version 7.1), read, comments (7.1-preview.4, HTML text), and state updates that only accept the states
/// of the Basic process (To Do, Doing, Done) — so "Closed" is refused with 400 as a real project would.
/// </summary>
public sealed class FakeAzureDevOps : IAsyncDisposable
{
    private readonly Lock _gate = new();
    private readonly TimeProvider _clock;
    private readonly List<(string Unique, string Display, string Html, TimeSpan After)> _script = [];
    private FakeHttpServer _server = null!;
    private int _nextId = 41;

    private FakeAzureDevOps(TimeProvider clock, string token)
    {
        _clock = clock;
        Token = token;
    }

    public const string Org = "contoso";
    public const string Project = "Shop Project";
    public static readonly string[] States = ["To Do", "Doing", "Done"];
    public string Token { get; }
    public Uri CollectionUri => new(_server.Url, Org + "/");
    public List<JsonObject> WorkItems { get; } = [];
    public Dictionary<long, List<JsonObject>> Comments { get; } = [];
    public bool DenyWrites { get; set; }
    public IReadOnlyCollection<FakeRequest> Requests => _server.Requests;

    public static async Task<FakeAzureDevOps> StartAsync(TimeProvider clock, string token = "ado-FakeSystemAccessToken-42")
    {
        var fake = new FakeAzureDevOps(clock, token);
        fake._server = await FakeHttpServer.StartAsync(clock, fake.HandleAsync);
        return fake;
    }

    public void Script(string uniqueName, string displayName, string html, TimeSpan after)
    {
        lock (_gate) _script.Add((uniqueName, displayName, html, after));
    }

    private async Task HandleAsync(HttpContext ctx, FakeRequest req)
    {
        if (req.Header("Authorization") != "Bearer " + Token)
        {
            // What Azure DevOps does with a token it does not accept: 203 and a sign-in page.
            ctx.Response.StatusCode = 203;
            ctx.Response.ContentType = "text/html";
            await ctx.Response.WriteAsync("<html><body>Sign in</body></html>");
            return;
        }
        var parts = req.Path.Split('/', StringSplitOptions.RemoveEmptyEntries).Select(Uri.UnescapeDataString).ToArray();
        if (parts is not [Org, Project, "_apis", "wit", ..])
        {
            await Error(ctx, 404, "TF200016: The following project does not exist");
            return;
        }
        var version = ctx.Request.Query["api-version"].ToString();
        switch (parts[4..], req.Method)
        {
            case (["workitems", var type], "POST") when type.StartsWith('$'):
                if (version != "7.1" || !(req.Header("Content-Type") ?? "").StartsWith("application/json-patch+json", StringComparison.Ordinal))
                {
                    await Error(ctx, 400, "expected api-version 7.1 and application/json-patch+json");
                    return;
                }
                if (DenyWrites)
                {
                    await Error(ctx, 403, "TF237111: The current user does not have permissions to save work items under the specified area path.");
                    return;
                }
                await CreateAsync(ctx, type[1..], JsonNode.Parse(req.Body)!.AsArray());
                return;
            case (["wiql"], "POST") when version == "7.1":
                // The one query the step sends: the project's open work items carrying a tag, by id.
                var query = (string)JsonNode.Parse(req.Body)!["query"]!;
                var tag = System.Text.RegularExpressions.Regex.Match(query, @"\[System\.Tags\] CONTAINS '([^']*)'").Groups[1].Value;
                if (tag.Length == 0 || !query.Contains("[System.State] NOT IN ('Closed', 'Done', 'Removed')", StringComparison.Ordinal))
                {
                    await Error(ctx, 400, "TF51005: The query references a field that does not exist (unexpected query in the fake)");
                    return;
                }
                List<JsonObject> open;
                lock (_gate)
                    open = WorkItems.Where(w => ((string?)w["fields"]!["System.Tags"] ?? "").Split(';', StringSplitOptions.TrimEntries).Contains(tag)
                                                && (string?)w["fields"]!["System.State"] is not ("Closed" or "Done" or "Removed")).ToList();
                await FakeGitHub.Json(ctx, new JsonObject
                {
                    ["queryType"] = "flat",
                    ["workItems"] = new JsonArray(open.Select(w => (JsonNode)new JsonObject { ["id"] = w["id"]!.DeepClone(), ["url"] = w["url"]!.DeepClone() }).ToArray()),
                });
                return;
            case (["workitems", var id], "GET"):
                await FakeGitHub.Json(ctx, Find(id));
                return;
            case (["workitems", var id], "PATCH"):
                var item = Find(id);
                foreach (var op in JsonNode.Parse(req.Body)!.AsArray())
                {
                    var field = ((string)op!["path"]!)["/fields/".Length..];
                    var value = (string)op["value"]!;
                    if (field == "System.State" && !States.Contains(value))
                    {
                        await Error(ctx, 400, $"TF401320: Rule Error for field State. Error code: Required, HasValues, LimitedToValues, AllowsOldValue, InvalidEmpty. (value {value})");
                        return;
                    }
                    item["fields"]![field] = value;
                }
                await FakeGitHub.Json(ctx, item);
                return;
            case (["workItems", var id, "comments"], "GET") when version == "7.1-preview.4":
                var now = _clock.GetUtcNow();
                List<JsonObject> visible;
                lock (_gate)
                    visible = Comments[long.Parse(id, CultureInfo.InvariantCulture)]
                        .Where(c => DateTimeOffset.Parse((string)c["createdDate"]!, CultureInfo.InvariantCulture) <= now).ToList();
                await FakeGitHub.Json(ctx, new JsonObject
                {
                    ["totalCount"] = visible.Count,
                    ["count"] = visible.Count,
                    ["comments"] = new JsonArray(visible.Select(c => (JsonNode)c.DeepClone()).ToArray()),
                });
                return;
            case (["workItems", var id, "comments"], "POST") when version == "7.1-preview.4":
                var comment = CommentJson(long.Parse(id, CultureInfo.InvariantCulture), "Project Collection Build Service (contoso)", "build@contoso", (string)JsonNode.Parse(req.Body)!["text"]!, _clock.GetUtcNow());
                lock (_gate) Comments[long.Parse(id, CultureInfo.InvariantCulture)].Add(comment);
                await FakeGitHub.Json(ctx, comment);
                return;
        }
        await Error(ctx, 404, "not found");
    }

    private async Task CreateAsync(HttpContext ctx, string type, JsonArray ops)
    {
        var fields = new JsonObject { ["System.WorkItemType"] = type, ["System.State"] = "To Do" };
        foreach (var op in ops)
            fields[((string)op!["path"]!)["/fields/".Length..]] = (string)op["value"]!;
        JsonObject item;
        lock (_gate)
        {
            var id = ++_nextId;
            item = new JsonObject
            {
                ["id"] = id,
                ["rev"] = 1,
                ["fields"] = fields,
                ["_links"] = new JsonObject { ["html"] = new JsonObject { ["href"] = $"{CollectionUri}{Uri.EscapeDataString(Project)}/_workitems/edit/{id}" } },
                ["url"] = $"{CollectionUri}_apis/wit/workItems/{id}",
            };
            WorkItems.Add(item);
            Comments[id] = [];
            if (WorkItems.Count == 1)
                foreach (var s in _script)
                    Comments[id].Add(CommentJson(id, s.Display, s.Unique, s.Html, _clock.GetUtcNow() + s.After));
        }
        await FakeGitHub.Json(ctx, item);
    }

    private static JsonObject CommentJson(long workItem, string display, string unique, string html, DateTimeOffset at) => new()
    {
        ["workItemId"] = workItem,
        ["id"] = Random.Shared.Next(1, 1_000_000),
        ["version"] = 1,
        ["text"] = html,
        ["createdBy"] = new JsonObject { ["displayName"] = display, ["uniqueName"] = unique, ["id"] = Guid.NewGuid().ToString() },
        ["createdDate"] = at.ToString("yyyy-MM-ddTHH:mm:ss.fffZ", CultureInfo.InvariantCulture),
    };

    private JsonObject Find(string id)
    {
        lock (_gate) return WorkItems.Single(w => w["id"]!.ToString() == id);
    }

    private static async Task Error(HttpContext ctx, int status, string message)
    {
        ctx.Response.StatusCode = status;
        await FakeGitHub.Json(ctx, new JsonObject { ["$id"] = "1", ["message"] = message, ["typeKey"] = "WorkItemTrackingException", ["errorCode"] = 0 });
    }

    public ValueTask DisposeAsync() => _server.DisposeAsync();
}
