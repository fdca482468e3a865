using System.Net;
using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using Graylane.Approvals.Http;
using Graylane.Core.Validation;

namespace Graylane.Approvals.AzureDevOps;

/// <summary>
/// The Azure DevOps work item REST calls an approval needs (api-version 7.1; comments 7.1-preview.4), over
/// HttpClient with the pipeline's System.AccessToken as a bearer token.
/// </summary>
public sealed class AzureDevOpsApi
{
    public const string TokenInput = "azure-token";
    private const string Permission =
        "Work Items: Read & write (for System.AccessToken: give the project's build service identity \"Edit work items in this node\" on the area path)";
    private readonly RestClient _rest;
    private readonly string _project;

    public AzureDevOpsApi(HttpClient http, Uri collection, string project, string token, TimeProvider time, Action<string> log)
    {
        _project = collection.ToString().TrimEnd('/') + "/" + Uri.EscapeDataString(project);
        _rest = new RestClient(http, "Azure DevOps", time, log, request =>
        {
            request.Headers.TryAddWithoutValidation("Authorization", "Bearer " + token);
            request.Headers.TryAddWithoutValidation("Accept", "application/json");
        });
    }

    public string ProjectUrl => _project;

    public async Task<AdoWorkItem> CreateWorkItemAsync(string type, IReadOnlyList<AdoPatchOperation> fields, CancellationToken ct)
    {
        var r = await _rest.SendAsync(HttpMethod.Post, $"{_project}/_apis/wit/workitems/${Uri.EscapeDataString(type)}?api-version=7.1",
            Json(fields.ToList(), AzureDevOpsJson.Default.ListAdoPatchOperation), ct, "application/json-patch+json");
        Check(r, "creating the approval work item");
        return Read(r, AzureDevOpsJson.Default.AdoWorkItem);
    }

    /// <summary>The ids of the project's work items tagged with the tag and not closed (Closed, Done or Removed), oldest first.</summary>
    public async Task<IReadOnlyList<long>> OpenTaggedAsync(string tag, CancellationToken ct)
    {
        var query = new AdoWiql
        {
            Query = "SELECT [System.Id] FROM WorkItems WHERE [System.TeamProject] = @project AND [System.Tags] CONTAINS '" + tag.Replace("'", "''") +
                    "' AND [System.State] NOT IN ('Closed', 'Done', 'Removed') ORDER BY [System.Id]",
        };
        var r = await _rest.SendAsync(HttpMethod.Post, $"{_project}/_apis/wit/wiql?api-version=7.1", Json(query, AzureDevOpsJson.Default.AdoWiql), ct);
        Check(r, "looking for an open approval work item");
        return Read(r, AzureDevOpsJson.Default.AdoWiqlResult).WorkItems.Select(w => w.Id).ToList();
    }

    public async Task<AdoWorkItem> GetWorkItemAsync(long id, CancellationToken ct)
    {
        var r = await _rest.SendAsync(HttpMethod.Get, $"{_project}/_apis/wit/workitems/{id}?api-version=7.1", null, ct);
        Check(r, $"reading work item {id}");
        return Read(r, AzureDevOpsJson.Default.AdoWorkItem);
    }

    public async Task<IReadOnlyList<AdoComment>> ListCommentsAsync(long id, CancellationToken ct)
    {
        var all = new List<AdoComment>();
        string? token = null;
        for (var page = 0; page < 50; page++)
        {
            var url = $"{_project}/_apis/wit/workItems/{id}/comments?api-version=7.1-preview.4&$top=200"
                + (token is null ? "" : "&continuationToken=" + Uri.EscapeDataString(token));
            var r = await _rest.SendAsync(HttpMethod.Get, url, null, ct);
            Check(r, $"reading the comments of work item {id}");
            var list = Read(r, AzureDevOpsJson.Default.AdoCommentList);
            all.AddRange(list.Comments);
            token = list.ContinuationToken;
            if (string.IsNullOrEmpty(token)) break;
        }
        return all;
    }

    public async Task CommentAsync(long id, string html, CancellationToken ct)
    {
        var r = await _rest.SendAsync(HttpMethod.Post, $"{_project}/_apis/wit/workItems/{id}/comments?api-version=7.1-preview.4",
            Json(new AdoNewComment { Text = html }, AzureDevOpsJson.Default.AdoNewComment), ct);
        Check(r, $"commenting on work item {id}");
    }

    /// <summary>Sets System.State; false when the process has no such state for the type (400), so the caller can try the next name.</summary>
    public async Task<bool> TrySetStateAsync(long id, string state, CancellationToken ct)
    {
        List<AdoPatchOperation> ops = [new() { Op = "add", Path = "/fields/System.State", Value = state }];
        var r = await _rest.SendAsync(HttpMethod.Patch, $"{_project}/_apis/wit/workitems/{id}?api-version=7.1",
            Json(ops, AzureDevOpsJson.Default.ListAdoPatchOperation), ct, "application/json-patch+json");
        if (r.Status == HttpStatusCode.BadRequest) return false;
        Check(r, $"closing work item {id}");
        return true;
    }

    private static void Check(RestResponse r, string doing)
    {
        // 203 with an HTML sign-in page is how Azure DevOps answers a token it does not accept.
        if (r.Status == HttpStatusCode.NonAuthoritativeInformation || r.Status == HttpStatusCode.Unauthorized)
            throw new InvalidInputException(TokenInput, $"Azure DevOps refused the token while {doing} ({(int)r.Status}); give the pipeline's System.AccessToken in {TokenInput} (env SYSTEM_ACCESSTOKEN)");
        if (r.IsSuccess) return;
        var message = Message(r);
        throw (int)r.Status switch
        {
            403 => new InvalidInputException(TokenInput, $"Azure DevOps denied {doing} (403 {message}): the token needs {Permission}"),
            404 => new InvalidInputException("issue", $"Azure DevOps answered 404 ({message}) while {doing}: the project or work item does not exist, or the token cannot see it (it needs {Permission})"),
            _ => new ApprovalServiceException($"Azure DevOps answered {(int)r.Status} ({message}) while {doing}", RateLimitWait.IsServerError(r.Status) || (int)r.Status == 429),
        };
    }

    private static string Message(RestResponse r)
    {
        try
        {
            if (JsonSerializer.Deserialize(r.Body, AzureDevOpsJson.Default.AdoError)?.Message is { Length: > 0 } m) return m;
        }
        catch (JsonException) { }
        return r.Status.ToString();
    }

    private static string Json<T>(T value, JsonTypeInfo<T> info) => RestJson.Write(value, info);

    private static T Read<T>(RestResponse r, JsonTypeInfo<T> info) => RestJson.Read(r, info, "Azure DevOps");
}
