namespace Graylane.Tests.Workflows.GitHub;

/// <summary>A job: what it needs, when it runs, the environment it deploys to, its outputs and steps.</summary>
public sealed record WorkflowJob(string Id, IReadOnlyList<string> Needs, string? If, string? Environment,
    IReadOnlyList<KeyValuePair<string, string>> Outputs, IReadOnlyList<KeyValuePair<string, string>> Env, IReadOnlyList<WorkflowStep> Steps);
