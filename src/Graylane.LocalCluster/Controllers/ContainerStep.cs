namespace Graylane.LocalCluster.Controllers;

/// <summary>One step of a simulated container's life; see ContainerLifecycle for what each does.</summary>
internal enum ContainerStep
{
    Pull,
    Run,
    PullFailed,
    PullBackOff,
    Crash,
    /// <summary>A running container with graylane.io/crash-after exits (then CrashLoopBackOff until Restart).</summary>
    Exit,
    Restart,
}
