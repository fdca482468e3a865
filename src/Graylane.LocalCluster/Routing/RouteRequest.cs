namespace Graylane.LocalCluster.Routing;

/// <summary>
/// One request entering the cluster. Host is a Service (short name in Namespace, name.ns, name.ns.svc or the FQDN)
/// or, with Gateway set ("istio-system/ingressgateway" or "mygateway" in Namespace: a Gateway API Gateway of that name,
/// else an Istio Gateway) or Ingress set (an Ingress in Namespace: the ingress-nginx controller of its class), an
/// external host.
/// The HTTP method is read from the ":method" header (default GET).
/// </summary>
public sealed record RouteRequest(
    string Namespace,
    string Host,
    IReadOnlyDictionary<string, string> Headers,
    IReadOnlyDictionary<string, string> Cookies,
    IReadOnlyDictionary<string, string> Query,
    string Path = "/",
    string? Gateway = null)
{
    /// <summary>Enter through the ingress-nginx controller serving this Ingress (its name in Namespace).</summary>
    public string? Ingress { get; init; }

    private static readonly IReadOnlyDictionary<string, string> None = new Dictionary<string, string>();

    /// <summary>A plain request with no headers, cookies or query parameters.</summary>
    public static RouteRequest To(string ns, string host, string? gateway = null) =>
        new(ns, host, None, None, None, "/", gateway);
}
