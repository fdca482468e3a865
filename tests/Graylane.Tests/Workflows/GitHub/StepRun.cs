namespace Graylane.Tests.Workflows.GitHub;

/// <summary>How one step ended: success, failure or skipped; its outputs and what it printed.</summary>
public sealed record StepRun(WorkflowStep Step, string Outcome, IReadOnlyDictionary<string, string> Outputs, string Log, string Summary)
{
    /// <summary>A composite action's own steps, as they ran.</summary>
    public IReadOnlyList<StepRun> Inner { get; init; } = [];
}
