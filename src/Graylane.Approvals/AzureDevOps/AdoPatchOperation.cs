namespace Graylane.Approvals.AzureDevOps;

/// <summary>One operation of a JSON Patch document (application/json-patch+json), as the work item API takes it.</summary>
public sealed class AdoPatchOperation
{
    public string Op { get; set; } = "add";
    public string Path { get; set; } = "";
    public string Value { get; set; } = "";
}
