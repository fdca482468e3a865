namespace Graylane.LocalCluster.Controllers;

/// <summary>What the simulated kubelet does with one container.</summary>
internal enum ContainerFault
{
    None,
    ImagePullFailure,
    CrashLoop,
}
