namespace Graylane.Tests.Workflows.Azure;

/// <summary>A step: a task with inputs, or a script the local runner does not run.</summary>
public sealed record PipelineStep(int Index, string? Name, string? Task, IReadOnlyList<KeyValuePair<string, string>> Inputs, string? Condition)
{
    public string Label => Name ?? Task ?? $"step {Index + 1}";
}

/// <summary>A job or a deployment job; pool: server makes it agentless. Variables are the job's own (name → value or $[ … ]).</summary>
public sealed record PipelineJob(string Name, IReadOnlyList<string> DependsOn, string? Condition, bool Agentless, string? Environment,
    IReadOnlyList<PipelineStep> Steps, IReadOnlyList<KeyValuePair<string, string>> Variables);

/// <summary>A stage; DependsOn is already resolved (no dependsOn: the previous stage).</summary>
public sealed record PipelineStage(string Name, IReadOnlyList<string> DependsOn, string? Condition, IReadOnlyList<PipelineJob> Jobs);
