namespace Graylane.Approvals.Gates;

/// <summary>What a template's query is about: the release's router, namespace, gray workloads and version, and the rate window.</summary>
/// <param name="Router">The --router name (istio, lanes, asm-lanes, nginx, service…).</param>
/// <param name="Ingress">The ingress-nginx Ingress the canary belongs to, when the router knows it (else the Service's name).</param>
public sealed record TemplateTarget(string Router, string Namespace, IReadOnlyList<string> GrayWorkloads, string GrayVersion, string Service,
    TimeSpan Window, string? Ingress = null);
