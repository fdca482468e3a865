namespace Graylane.Approvals;

/// <summary>Where people are asked: GitHub issues or Azure DevOps work items.</summary>
public interface IApprovalChannel
{
    /// <summary>github or azure-devops (as recorded in the release).</summary>
    string Provider { get; }

    /// <summary>owner/repo, or the Azure DevOps project URL.</summary>
    string Location { get; }

    /// <summary>The people who may approve: users as given, teams expanded to their members; distinct.</summary>
    Task<IReadOnlyList<string>> ExpandAsync(IReadOnlyList<ApproverRef> approvers, CancellationToken ct);

    Task<ApprovalTicket> OpenAsync(ApprovalRequest request, CancellationToken ct);

    /// <summary>
    /// An open request whose text carries the marker, if there is one: a run that opened it and crashed before recording
    /// it left it behind, and the re-run continues it instead of opening a second one.
    /// </summary>
    Task<ApprovalTicket?> FindOpenAsync(string marker, CancellationToken ct);

    /// <summary>True when the request's text carries the marker (the issue belongs to this release).</summary>
    Task<bool> HasMarkerAsync(long number, string marker, CancellationToken ct);

    Task<IReadOnlyList<ApprovalComment>> ReadCommentsAsync(long number, CancellationToken ct);

    /// <summary>Comments the outcome and closes the request (completed when approved, not planned otherwise).</summary>
    Task CloseAsync(long number, string outcome, bool approved, CancellationToken ct);
}
