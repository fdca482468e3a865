namespace Graylane.LocalCluster.Routing;

/// <summary>
/// How a request went through the ingress-nginx controller, in the terms its metrics use: the location's (main) Ingress
/// and Service, the location path, and Canary = the canary backend's upstream name ("&lt;ns&gt;-&lt;service&gt;-&lt;port&gt;", as
/// $proxy_alternative_upstream_name holds it) when the canary served the request, "" otherwise.
/// </summary>
public sealed record IngressEntry(string Namespace, string Ingress, string Service, string Path, string Canary, string? Class);
