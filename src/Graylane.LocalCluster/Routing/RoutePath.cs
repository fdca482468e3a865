namespace Graylane.LocalCluster.Routing;

/// <summary>
/// Where one request went: the hops in call order (depth first), the mirrored copies (responses ignored),
/// and the error that stopped it, if any (the failing service is then the last hop, with Note "error").
/// </summary>
public sealed record RoutePath(IReadOnlyList<Hop> Hops, IReadOnlyList<Hop> Mirrors, string? Error)
{
    /// <summary>The ingress-nginx location that took the request (requests entering through --ingress), else null.</summary>
    public IngressEntry? Ingress { get; init; }

    /// <summary>"-> mocka(v2) -> mockb(v1) -> mockc(v2)"; on error "-> reviews(!) no ready endpoints". Mirrors are not shown.</summary>
    public string Text
    {
        get
        {
            var text = string.Join(" ", Hops.Select(h => "-> " + h));
            if (Error is null) return text;
            return text.Length == 0 ? "-> (!) " + Error : text + " " + Error;
        }
    }

    public override string ToString() => Text;
}
