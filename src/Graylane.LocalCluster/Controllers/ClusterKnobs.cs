namespace Graylane.LocalCluster.Controllers;

/// <summary>
/// Per-test behaviour of the simulated node. Faults match a container's image by substring and are
/// captured when the pod is first seen, so changing a knob never alters pods that already exist.
/// </summary>
public sealed class ClusterKnobs
{
    private readonly Lock _gate = new();
    private readonly List<string> _imagePullFailures = [];
    private readonly List<string> _crashLoops = [];
    private readonly List<string> _unschedulable = [];

    /// <summary>How long a scheduled pod stays Pending before its containers run (and each back-off step).</summary>
    public TimeSpan PodReadyDelay { get; set; } = TimeSpan.FromMilliseconds(200);

    /// <summary>Pods whose image contains it: ErrImagePull / ImagePullBackOff + Events.</summary>
    public void FailImagePull(string imageSubstring) => Add(_imagePullFailures, imageSubstring);

    /// <summary>Containers start then crash: CrashLoopBackOff, restartCount grows + Events.</summary>
    public void CrashLoop(string imageSubstring) => Add(_crashLoops, imageSubstring);

    /// <summary>Pending, PodScheduled=False reason Unschedulable + FailedScheduling Event.</summary>
    public void Unschedulable(string imageSubstring) => Add(_unschedulable, imageSubstring);

    public void Clear()
    {
        lock (_gate)
        {
            _imagePullFailures.Clear();
            _crashLoops.Clear();
            _unschedulable.Clear();
        }
    }

    internal ContainerFault FaultFor(string image)
    {
        lock (_gate)
        {
            // A pull failure wins: a container that cannot be pulled never gets the chance to crash.
            if (Matches(_imagePullFailures, image)) return ContainerFault.ImagePullFailure;
            if (Matches(_crashLoops, image)) return ContainerFault.CrashLoop;
            return ContainerFault.None;
        }
    }

    internal bool IsUnschedulable(string image)
    {
        lock (_gate) return Matches(_unschedulable, image);
    }

    private void Add(List<string> list, string imageSubstring)
    {
        ArgumentException.ThrowIfNullOrEmpty(imageSubstring);
        lock (_gate) list.Add(imageSubstring);
    }

    private static bool Matches(List<string> list, string image) =>
        list.Exists(s => image.Contains(s, StringComparison.Ordinal));
}
