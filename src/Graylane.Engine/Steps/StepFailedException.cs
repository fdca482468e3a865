namespace Graylane.Engine.Steps;

/// <summary>The step ran but did not reach its goal (a rollout failed, traffic could not move). Exit code 1.</summary>
public sealed class StepFailedException(string message) : Exception(message);
