namespace Graylane.Core.Model;

/// <summary>Where a release stands. Promoted, RolledBack and Failed end a release; the others are in progress.</summary>
public enum ReleasePhase
{
    /// <summary>deploy-gray recorded its intent and is creating or waiting for the gray workload.</summary>
    Deploying,
    /// <summary>The gray workload is ready and takes no traffic.</summary>
    GrayReady,
    /// <summary>Some or all traffic goes to the gray version.</summary>
    Shifted,
    /// <summary>promote is moving traffic and retiring the old version.</summary>
    Promoting,
    Promoted,
    /// <summary>rollback is restoring the objects the release changed.</summary>
    RollingBack,
    RolledBack,
    /// <summary>deploy-gray failed and cleaned up after itself.</summary>
    Failed,
}

public static class ReleasePhaseExtensions
{
    /// <summary>True while the release holds the app: no other release may start.</summary>
    public static bool InProgress(this ReleasePhase phase) =>
        phase is not (ReleasePhase.Promoted or ReleasePhase.RolledBack or ReleasePhase.Failed);
}
