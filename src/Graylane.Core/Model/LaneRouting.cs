namespace Graylane.Core.Model;

/// <summary>
/// Lane routers only: how the app's lanes are wired (kept for every later step and the next release) and what
/// this release changes — which services get a workload in the new lane.
/// </summary>
public sealed class LaneRouting
{
    /// <summary>Plain Istio objects, or ASM's ASMSwimLaneGroup and ASMSwimLane.</summary>
    public LaneFlavor Flavor { get; set; }
    /// <summary>Every service of the app, entry service first.</summary>
    public List<string> Services { get; set; } = [];
    public string EntryService { get; set; } = "";
    /// <summary>The header carrying the lane tag on every hop.</summary>
    public string RouteHeader { get; set; } = "version";
    /// <summary>How the tag is propagated (ASM traceHeader, e.g. baggage).</summary>
    public string TraceHeader { get; set; } = "baggage";
    /// <summary>namespace/name of the ingress gateway the entry route is bound to.</summary>
    public string Gateway { get; set; } = "istio-system/ingressgateway";
    public string Host { get; set; } = "*";
    /// <summary>The VirtualService (in the gateway's namespace) holding the entry route.</summary>
    public string GatewayVirtualService { get; set; } = "";
    /// <summary>--baselines given at deploy-gray: used when the app has no lane objects yet and a Service selects several versions.</summary>
    public Dictionary<string, string> InitialBaselines { get; set; } = new(StringComparer.Ordinal);
    /// <summary>The services that have a workload in this release's lane.</summary>
    public List<string> ChangedServices { get; set; } = [];
}
