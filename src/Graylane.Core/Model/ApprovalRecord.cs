namespace Graylane.Core.Model;

/// <summary>
/// One approval checkpoint of a release: who was asked, by which rules, where (issue or work item), and the
/// outcome — decision, by whom, when. The rules are stored with the request so a later `--resume` run
/// (triggered by a comment) judges the comments exactly as the request promised.
/// </summary>
public sealed class ApprovalRecord
{
    /// <summary>github, azure-devops, or none (metric gates only).</summary>
    public string Provider { get; set; } = "none";
    /// <summary>sync (the step waits) or async (request now, decide in a later --resume run).</summary>
    public string Mode { get; set; } = "sync";
    /// <summary>provider:phase@weight when requested: a re-run at the same point continues this request instead of opening another.</summary>
    public string Checkpoint { get; set; } = "";
    public ApprovalDecision Decision { get; set; }
    public DateTimeOffset RequestedAt { get; set; }
    /// <summary>The initiator (GITHUB_ACTOR / Build.RequestedFor) of the run that asked.</summary>
    public string RequestedBy { get; set; } = "";
    public DateTimeOffset Deadline { get; set; }
    public DateTimeOffset? DecidedAt { get; set; }
    /// <summary>owner/repo (GitHub) or the Azure DevOps project URL.</summary>
    public string? Location { get; set; }
    /// <summary>Issue number (GitHub) or work item id (Azure DevOps).</summary>
    public long? Number { get; set; }
    public string? RequestUrl { get; set; }
    /// <summary>Approvers as given (users and org/team teams).</summary>
    public List<string> Approvers { get; set; } = [];
    /// <summary>Who may approve: teams expanded to members, the initiator removed when excluded.</summary>
    public List<string> Eligible { get; set; } = [];
    public int MinimumApprovals { get; set; } = 1;
    public bool ExcludeInitiator { get; set; }
    public List<string> ApproveWords { get; set; } = [];
    public List<string> DenyWords { get; set; } = [];
    /// <summary>fail or rollback.</summary>
    public string OnReject { get; set; } = "fail";
    public string OnTimeout { get; set; } = "fail";
    public List<string> ApprovedBy { get; set; } = [];
    public List<string> RejectedBy { get; set; } = [];
    /// <summary>The outcome in words, as commented on the request (e.g. "timed out after 6h with 1 of 2 approvals").</summary>
    public string? Outcome { get; set; }
    /// <summary>The latest metric gate evaluations (capped, oldest dropped).</summary>
    public List<GateEvaluation> Gates { get; set; } = [];
}
