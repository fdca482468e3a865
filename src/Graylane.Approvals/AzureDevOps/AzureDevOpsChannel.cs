using System.Text;

namespace Graylane.Approvals.AzureDevOps;

/// <summary>
/// Approval by work item: a Task assigned to the first approver (a work item has one assignee; all approvers
/// are named in it), its comments read with the same rules as GitHub's, the outcome commented and the item closed.
/// </summary>
public sealed class AzureDevOpsChannel(AzureDevOpsApi api, Action<string> log) : IApprovalChannel
{
    public const string WorkItemType = "Task";
    /// <summary>Closed (Agile, CMMI) or Done (Scrum, Basic): the first the process accepts.</summary>
    private static readonly string[] ClosedStates = ["Closed", "Done"];

    public string Provider => "azure-devops";
    public string Location => api.ProjectUrl;

    /// <summary>Identities are taken as given: Azure DevOps groups are not expanded (see docs/approvals.md).</summary>
    public Task<IReadOnlyList<string>> ExpandAsync(IReadOnlyList<ApproverRef> approvers, CancellationToken ct) =>
        Task.FromResult<IReadOnlyList<string>>(approvers.Select(a => a.Name).ToList());

    public async Task<ApprovalTicket> OpenAsync(ApprovalRequest request, CancellationToken ct)
    {
        List<AdoPatchOperation> fields =
        [
            new() { Path = "/fields/System.Title", Value = request.Title },
            new() { Path = "/fields/System.Description", Value = Render(request) },
            new() { Path = "/fields/System.Tags", Value = "graylane; graylane-approval" },
        ];
        if (request.Eligible.Count > 0)
            fields.Add(new() { Path = "/fields/System.AssignedTo", Value = request.Eligible[0] });
        var item = await api.CreateWorkItemAsync(WorkItemType, fields, ct);
        var url = item.Links?.Html?.Href ?? $"{api.ProjectUrl}/_workitems/edit/{item.Id}";
        return new ApprovalTicket(item.Id, url);
    }

    public async Task<ApprovalTicket?> FindOpenAsync(string marker, CancellationToken ct)
    {
        foreach (var id in await api.OpenTaggedAsync("graylane-approval", ct))
        {
            var item = await api.GetWorkItemAsync(id, ct);
            if (item.Field("System.Description")?.Contains(HtmlText.Escape(marker), StringComparison.Ordinal) == true)
                return new ApprovalTicket(item.Id, item.Links?.Html?.Href ?? $"{api.ProjectUrl}/_workitems/edit/{item.Id}");
        }
        return null;
    }

    public async Task<bool> HasMarkerAsync(long number, string marker, CancellationToken ct) =>
        (await api.GetWorkItemAsync(number, ct)).Field("System.Description")?.Contains(HtmlText.Escape(marker), StringComparison.Ordinal) == true;

    public async Task<IReadOnlyList<ApprovalComment>> ReadCommentsAsync(long number, CancellationToken ct) =>
        (await api.ListCommentsAsync(number, ct))
            .Where(c => c.CreatedBy is not null)
            .Select(c => new ApprovalComment(
                c.CreatedBy!.UniqueName ?? c.CreatedBy.DisplayName ?? "",
                new[] { c.CreatedBy.UniqueName, c.CreatedBy.DisplayName }.OfType<string>().ToList(),
                HtmlText.ToText(c.Text ?? ""),
                c.CreatedDate))
            .ToList();

    public async Task CloseAsync(long number, string outcome, bool approved, CancellationToken ct)
    {
        await api.CommentAsync(number, HtmlText.Escape(outcome), ct);
        foreach (var state in ClosedStates)
        {
            if (await api.TrySetStateAsync(number, state, ct)) return;
        }
        log($"Work item {number}: neither of the states {string.Join(", ", ClosedStates)} exists for a {WorkItemType}; it is left open with the outcome commented");
    }

    private static string Render(ApprovalRequest request)
    {
        var html = new StringBuilder("<table>");
        foreach (var (label, value) in request.Facts)
            html.Append($"<tr><td><b>{HtmlText.Escape(label)}</b></td><td>{HtmlText.Escape(value)}</td></tr>");
        html.Append("</table>");
        if (!string.IsNullOrWhiteSpace(request.Instructions))
            html.Append("<h3>Instructions</h3><div style=\"white-space: pre-wrap\">").Append(HtmlText.Escape(request.Instructions.Trim())).Append("</div>");
        html.Append("<h3>How to answer</h3><p>").Append(HtmlText.Escape(request.HowToAnswer.Replace("**", ""))).Append("</p>");
        html.Append("<p>Approvers: ").Append(HtmlText.Escape(string.Join(", ", request.Approvers))).Append("</p>");
        html.Append("<p><small>").Append(HtmlText.Escape(request.Marker)).Append("</small></p>");
        return html.ToString();
    }
}
