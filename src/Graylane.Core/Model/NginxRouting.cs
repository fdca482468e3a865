namespace Graylane.Core.Model;

/// <summary>Which Ingress and canary Service an ingress-nginx release manages, chosen at deploy-gray and kept for every later step.</summary>
public sealed class NginxRouting
{
    /// <summary>The user's Ingress (never written): its paths to the Service are copied into the canary Ingress.</summary>
    public string? Ingress { get; set; }
    /// <summary>&lt;ingress&gt;-canary, created by Graylane.</summary>
    public string? CanaryIngress { get; set; }
    /// <summary>--host: copy only the paths of this host.</summary>
    public string? Host { get; set; }
    /// <summary>The Service in front of the gray pods: --canary-service, else &lt;service&gt;-&lt;version&gt; created by Graylane.</summary>
    public string? CanaryService { get; set; }
    /// <summary>True when the user gave --canary-service (Graylane neither creates nor deletes it).</summary>
    public bool CanaryServiceGiven { get; set; }
}
