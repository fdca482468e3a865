using System.Text.Json.Nodes;

namespace Graylane.Core.Model;

/// <summary>Which Istio objects and route a release manages, chosen once and kept for every later step.</summary>
public sealed class MeshRouting
{
    public string? VirtualService { get; set; }
    /// <summary>The name of the http route Graylane manages inside the VirtualService.</summary>
    public string? Route { get; set; }
    public string? DestinationRule { get; set; }
    public string? Gateway { get; set; }
    public string? Host { get; set; }
    /// <summary>Host mode: the Service in front of the gray pods (the stable Service fronts the baseline).</summary>
    public string? CanaryService { get; set; }
    public string? BaselineSubset { get; set; }
    public string? GraySubset { get; set; }
    /// <summary>The VirtualService spec as Graylane last wrote it: anything else found there later is drift.</summary>
    public JsonObject? LastWritten { get; set; }
    /// <summary>
    /// The VirtualService Graylane is about to write, recorded first: after a crash the live object is either the last
    /// write or this one, and neither counts as someone else's change.
    /// </summary>
    public JsonObject? PendingWrite { get; set; }
}
