namespace Graylane.Engine.Workloads;

/// <summary>How a wait for a rollout ended, and why when it failed.</summary>
public sealed record RolloutResult(bool Ready, string Message, IReadOnlyList<string> Reasons);
