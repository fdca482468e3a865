namespace Graylane.Core.Planning.GatewayApi;

/// <summary>The Services a managed HTTPRoute rule splits between: the stable Service (baseline) and the canary Service (gray), in one namespace.</summary>
public sealed record CanaryBackends(string Stable, string Canary, string Namespace);
