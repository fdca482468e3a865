namespace Graylane.Core.Model;

/// <summary>Which HTTPRoute rule and canary Service a Gateway API release manages, chosen at deploy-gray and kept for every later step.</summary>
public sealed class GatewayApiRouting
{
    public string? HttpRoute { get; set; }
    public string? HttpRouteNamespace { get; set; }
    /// <summary>The rule's name when it has one (else the only rule to the Service is found again each time).</summary>
    public string? Rule { get; set; }
    /// <summary>--gateway (namespace/name): the parent of the HTTPRoute Graylane creates when there is none.</summary>
    public string? Gateway { get; set; }
    public string? Host { get; set; }
    /// <summary>The Service in front of the gray pods: --canary-service, else &lt;service&gt;-&lt;version&gt; created by Graylane.</summary>
    public string? CanaryService { get; set; }
    /// <summary>True when the user gave --canary-service (Graylane neither creates nor deletes it).</summary>
    public bool CanaryServiceGiven { get; set; }
}
