namespace Graylane.Approvals.AzureDevOps;

/// <summary>A work item comment (api-version 7.1-preview.4); text is HTML.</summary>
public sealed class AdoComment
{
    public long Id { get; set; }
    public string? Text { get; set; }
    public AdoIdentity? CreatedBy { get; set; }
    public DateTimeOffset CreatedDate { get; set; }
}
