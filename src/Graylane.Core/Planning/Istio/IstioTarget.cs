namespace Graylane.Core.Planning.Istio;

/// <summary>
/// The two versions a managed route splits between. Subset mode: one host, two DestinationRule subsets.
/// Host mode: two hosts (stable and canary Services). Port, when set, goes on both destinations; when null each
/// destination keeps the port the user's route already had.
/// </summary>
public sealed record IstioTarget
{
    public IstioMode Mode { get; }
    public IstioDestination Baseline { get; }
    public IstioDestination Gray { get; }
    public int? Port { get; }

    private IstioTarget(IstioMode mode, IstioDestination baseline, IstioDestination gray, int? port)
    {
        Mode = mode;
        Baseline = baseline;
        Gray = gray;
        Port = port;
    }

    /// <summary>Subset mode: host is the Service in any form (reviews, reviews.ns, reviews.ns.svc.cluster.local).</summary>
    public static IstioTarget Subsets(string host, string baselineSubset, string graySubset, int? port = null)
    {
        if (baselineSubset == graySubset)
            throw new ArgumentException($"baseline and gray subsets are both \"{baselineSubset}\"");
        return new(IstioMode.Subset, new IstioDestination(host, baselineSubset, port), new IstioDestination(host, graySubset, port), port);
    }

    /// <summary>Host mode: the stable Service and the canary Service.</summary>
    public static IstioTarget Hosts(string baselineHost, string grayHost, int? port = null)
    {
        if (IstioHosts.Same(baselineHost, grayHost, null))
            throw new ArgumentException($"baseline and gray hosts are both \"{baselineHost}\"");
        return new(IstioMode.Host, new IstioDestination(baselineHost, null, port), new IstioDestination(grayHost, null, port), port);
    }

    /// <summary>The Service host in subset mode; the baseline (stable) host in host mode.</summary>
    public string Host => Baseline.Host;

    public string? BaselineSubset => Baseline.Subset;
    public string? GraySubset => Gray.Subset;
    public string BaselineHost => Baseline.Host;
    public string GrayHost => Gray.Host;

    /// <summary>The same routing with the roles swapped (e.g. to point a route back at the baseline).</summary>
    public IstioTarget Swapped() => new(Mode, Gray, Baseline, Port);

    /// <summary>True when a route destination object names this destination (host in any form, same subset).</summary>
    internal static bool Names(IstioDestination d, System.Text.Json.Nodes.JsonNode? destination, string? ns) =>
        destination is not null && (string?)destination["host"] is { } host && IstioHosts.Same(host, d.Host, ns) &&
        (string?)destination["subset"] == d.Subset;
}
