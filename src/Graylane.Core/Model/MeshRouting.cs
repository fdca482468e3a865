using Graylane.Core.Planning.Istio;

namespace Graylane.Core.Model;

/// <summary>Which Istio objects and route a release manages, chosen once and kept for every later step.</summary>
public sealed class MeshRouting
{
    /// <summary>Subset (one Service, DestinationRule subsets) or host (--canary-service: a stable and a canary Service).</summary>
    public IstioMode Mode { get; set; }
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
}
