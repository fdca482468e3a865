namespace Graylane.Approvals.AzureDevOps;

/// <summary>A work item's _links: html is the page people open.</summary>
public sealed class AdoLinks
{
    public AdoLink? Html { get; set; }
}
