namespace Graylane.Tests.Workflows.Azure;

/// <summary>A step: a task with inputs, a script (script: or bash:, run with bash), or checkout: self | none.</summary>
public sealed record PipelineStep(int Index, string? Name, string? Task, IReadOnlyList<KeyValuePair<string, string>> Inputs, string? Condition,
    string? Script = null, string? Checkout = null, string? DisplayName = null)
{
    public string Label => Name ?? Task ?? DisplayName ?? (Checkout is not null ? $"checkout {Checkout}" : $"step {Index + 1}");
}

/// <summary>A job or a deployment job; pool: server makes it agentless. Variables are the job's own (name → value or $[ … ]).</summary>
public sealed record PipelineJob(string Name, IReadOnlyList<string> DependsOn, string? Condition, bool Agentless, string? Environment,
    IReadOnlyList<PipelineStep> Steps, IReadOnlyList<KeyValuePair<string, string>> Variables, bool Deployment = false)
{
    /// <summary>Agent jobs check out their repository unless told checkout: none; deployment jobs only when told checkout: self.</summary>
    public bool ChecksOut => !Agentless && (Deployment ? Steps.Any(s => s.Checkout == "self") : Steps.All(s => s.Checkout != "none"));
}

/// <summary>A stage; DependsOn is already resolved (no dependsOn: the previous stage).</summary>
public sealed record PipelineStage(string Name, IReadOnlyList<string> DependsOn, string? Condition, IReadOnlyList<PipelineJob> Jobs);
