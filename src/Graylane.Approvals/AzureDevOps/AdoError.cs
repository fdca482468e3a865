namespace Graylane.Approvals.AzureDevOps;

/// <summary>Azure DevOps' error body: {"message": "TF...: ...", "typeKey": "..."}.</summary>
public sealed class AdoError
{
    public string? Message { get; set; }
    public string? TypeKey { get; set; }
}
