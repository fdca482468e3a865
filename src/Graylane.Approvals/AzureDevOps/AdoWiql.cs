namespace Graylane.Approvals.AzureDevOps;

/// <summary>A WIQL query (POST _apis/wit/wiql) and its answer: the ids of the matching work items.</summary>
public sealed class AdoWiql
{
    public string Query { get; set; } = "";
}

public sealed class AdoWiqlResult
{
    public List<AdoWorkItemRef> WorkItems { get; set; } = [];
}

public sealed class AdoWorkItemRef
{
    public long Id { get; set; }
}
