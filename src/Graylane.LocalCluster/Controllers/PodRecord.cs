namespace Graylane.LocalCluster.Controllers;

/// <summary>The simulated scheduler's and kubelet's memory of one pod (keyed by uid), fixed at admission.</summary>
internal sealed class PodRecord(bool unschedulable, IReadOnlyList<ContainerRecord> containers)
{
    public bool Unschedulable { get; } = unschedulable;
    public IReadOnlyList<ContainerRecord> Containers { get; } = containers;
    public bool FailedSchedulingReported { get; set; }
    public DateTimeOffset? ScheduledAt { get; set; }
    public string? PodIp { get; set; }

    /// <summary>The containers' environment as resolved when the pod was bound (the kubelet resolves it at container start).</summary>
    public Dictionary<string, Dictionary<string, string>>? Environment { get; set; }
}
