namespace Graylane.Tests.Workflows.GitHub;

/// <summary>How one job ended (success, failure, skipped), its evaluated outputs and its steps.</summary>
public sealed record JobRun(WorkflowJob Job, string Result, IReadOnlyDictionary<string, string> Outputs, IReadOnlyList<StepRun> Steps)
{
    public StepRun Step(string id) => Steps.Single(s => s.Step.Id == id);
}
