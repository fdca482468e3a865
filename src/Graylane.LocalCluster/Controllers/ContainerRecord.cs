using System.Text.Json.Nodes;

namespace Graylane.LocalCluster.Controllers;

/// <summary>The simulated runtime's memory of one container: its fault, where it is in its lifecycle, what it shows.</summary>
internal sealed class ContainerRecord(string name, string image, ContainerFault fault)
{
    public string Name { get; } = name;
    public string Image { get; } = image;
    public ContainerFault Fault { get; } = fault;

    /// <summary>From the pod annotation graylane.io/crash-after: each run of the container ends this long after it started.</summary>
    public TimeSpan? CrashAfter { get; init; }

    /// <summary>The next lifecycle step to take and when; null once the container has settled for good.</summary>
    public ContainerStep? NextStep { get; set; }
    public DateTimeOffset NextDue { get; set; }

    /// <summary>The due time a wake-up has already been queued for.</summary>
    public DateTimeOffset? WakeAt { get; set; }

    /// <summary>Pull (or start) attempts so far; drives back-off and restartCount.</summary>
    public int Attempts { get; set; }

    public JsonObject State { get; set; } = new() { ["waiting"] = new JsonObject { ["reason"] = "ContainerCreating" } };
    public JsonObject LastState { get; set; } = [];
    public int RestartCount { get; set; }
    public bool Ready { get; set; }
    public bool Started { get; set; }
    public bool Pulled { get; set; }
    public string? ContainerId { get; set; }

    /// <summary>Has run at least once (the kubelet then counts it as restarting rather than pending).</summary>
    public bool HasRun => State.ContainsKey("running") || LastState.ContainsKey("terminated");
}
