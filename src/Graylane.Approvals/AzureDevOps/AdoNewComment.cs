namespace Graylane.Approvals.AzureDevOps;

public sealed class AdoNewComment
{
    public string Text { get; set; } = "";
}
