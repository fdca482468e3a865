namespace Graylane.Approvals.AzureDevOps;

public sealed class AdoLink
{
    public string Href { get; set; } = "";
}
