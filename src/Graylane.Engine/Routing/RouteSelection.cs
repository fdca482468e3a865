namespace Graylane.Engine.Routing;

/// <summary>
/// --virtual-service, --gateway, --host, --route, --canary-service (and --http-route, --rule for Gateway API, --ingress for ingress-nginx): which
/// routing objects to manage when there are several.
/// </summary>
public sealed record RouteSelection(string? VirtualService, string? Gateway, string? Host, string? Route, string? CanaryService)
{
    public static RouteSelection None { get; } = new(null, null, null, null, null);

    /// <summary>--http-route: the HTTPRoute (name or namespace/name) whose rule Graylane manages.</summary>
    public string? HttpRoute { get; init; }

    /// <summary>--rule: the name of the HTTPRoute rule to manage when several route to the Service.</summary>
    public string? Rule { get; init; }

    /// <summary>--ingress: the user's Ingress whose paths to the Service the ingress-nginx canary copies.</summary>
    public string? Ingress { get; init; }

    /// <summary>The selection inputs given, by input name (for refusing those the router does not read).</summary>
    public IEnumerable<string> Given()
    {
        if (VirtualService is not null) yield return "virtual-service";
        if (Gateway is not null) yield return "gateway";
        if (Host is not null) yield return "host";
        if (Route is not null) yield return "route";
        if (CanaryService is not null) yield return "canary-service";
        if (HttpRoute is not null) yield return "http-route";
        if (Rule is not null) yield return "rule";
        if (Ingress is not null) yield return "ingress";
    }
}
