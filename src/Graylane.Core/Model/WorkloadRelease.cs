namespace Graylane.Core.Model;

/// <summary>One service's part in a release: its baseline workload and the gray workload beside it.</summary>
public sealed class WorkloadRelease
{
    /// <summary>The Service in front of the workload, when the release found it through one.</summary>
    public string? Service { get; set; }
    public string BaselineWorkload { get; set; } = "";
    public string GrayWorkload { get; set; } = "";
    /// <summary>True when deploy-gray created the gray Deployment (rollback deletes it); false when it updated one in place.</summary>
    public bool GrayCreated { get; set; }
    /// <summary>Container name → image given for the gray version.</summary>
    public Dictionary<string, string> Images { get; set; } = new(StringComparer.Ordinal);
    /// <summary>
    /// Labels that select exactly the baseline's pods: the version label when its pods carry one ({version: v1}), else the
    /// pod-template-hash of its current ReplicaSet ({pod-template-hash: 5d8f…}) — so apps labelled app: web only need no relabelling.
    /// </summary>
    public Dictionary<string, string> BaselineSelector { get; set; } = new(StringComparer.Ordinal);
    /// <summary>Labels that select exactly the gray pods ({version: v2}).</summary>
    public Dictionary<string, string> GraySelector { get; set; } = new(StringComparer.Ordinal);
    /// <summary>The baseline's name without a version suffix, so the next gray is "base-vN", not "base-v2-v3".</summary>
    public string BaseName { get; set; } = "";
}
