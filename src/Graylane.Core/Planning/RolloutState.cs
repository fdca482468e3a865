namespace Graylane.Core.Planning;

public enum RolloutPhase { Progressing, Ready, Failed }

/// <summary>How far a Deployment's rollout is, read from its status.</summary>
public sealed record RolloutState(RolloutPhase Phase, string Message, int Ready, int Desired);
