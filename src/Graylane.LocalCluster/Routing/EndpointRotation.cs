namespace Graylane.LocalCluster.Routing;

/// <summary>
/// Which of a Service's ready endpoints takes the next request. kube-proxy's IPVS mode takes them in turn (round robin);
/// its iptables and nftables modes pick at random — the same shares on average. Requests sent together (RouteMany) take
/// each set of endpoints in turn from a random start, so N requests over k ready pods split exactly in proportion to the
/// pods when N is a multiple of k (4 pods of v1 and 1 of v2: 80/20), and a single request still lands on a random pod.
/// </summary>
internal sealed class EndpointRotation
{
    private readonly Dictionary<string, int> _next = new(StringComparer.Ordinal);

    /// <param name="endpoints">The ready pods' names, in a stable order; the set is the rotation's key.</param>
    public int Next(IReadOnlyList<string> endpoints, Random random)
    {
        var key = string.Join("\n", endpoints);
        var index = _next.TryGetValue(key, out var next) ? next : random.Next(endpoints.Count);
        _next[key] = (index + 1) % endpoints.Count;
        return index;
    }
}
