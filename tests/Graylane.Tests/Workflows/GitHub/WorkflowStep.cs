namespace Graylane.Tests.Workflows.GitHub;

/// <summary>One step of a job: a `uses:` action or a `run:` script.</summary>
public sealed record WorkflowStep(int Index, string? Id, string? Name, string? Uses, string? Run, string? If,
    IReadOnlyList<KeyValuePair<string, string>> With, IReadOnlyList<KeyValuePair<string, string>> Env)
{
    public string Label => Id ?? Name ?? Uses ?? $"step {Index + 1}";
}
