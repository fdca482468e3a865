namespace Graylane.Approvals.AzureDevOps;

/// <summary>An identity reference: uniqueName is the sign-in name (user@example.com), displayName what people see.</summary>
public sealed class AdoIdentity
{
    public string? DisplayName { get; set; }
    public string? UniqueName { get; set; }
    public string? Id { get; set; }
}
