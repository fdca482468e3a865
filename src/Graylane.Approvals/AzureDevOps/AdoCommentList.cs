namespace Graylane.Approvals.AzureDevOps;

public sealed class AdoCommentList
{
    public int TotalCount { get; set; }
    public List<AdoComment> Comments { get; set; } = [];
    public string? ContinuationToken { get; set; }
}
