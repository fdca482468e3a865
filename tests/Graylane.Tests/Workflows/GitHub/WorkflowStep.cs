namespace Graylane.Tests.Workflows.GitHub;

/// <summary>One step of a job or a composite action: a `uses:` action or a `run:` script (with its shell).</summary>
public sealed record WorkflowStep(int Index, string? Id, string? Name, string? Uses, string? Run, string? If,
    IReadOnlyList<KeyValuePair<string, string>> With, IReadOnlyList<KeyValuePair<string, string>> Env)
{
    public string Label => Id ?? Name ?? Uses ?? $"step {Index + 1}";

    /// <summary>shell: (bash, sh, pwsh …); null means the runner's default for its OS.</summary>
    public string? Shell { get; init; }

    public string? WorkingDirectory { get; init; }
}
