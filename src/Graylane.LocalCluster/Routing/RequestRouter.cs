using System.Globalization;
using System.Text;

namespace Graylane.LocalCluster.Routing;

/// <summary>
/// Answers "which pods/versions serve this request at each hop" under the cluster's Services, Pods, Istio
/// VirtualServices/DestinationRules/Gateways and Alibaba ASM lanes. Pure: reads the view, changes nothing.
/// Not thread-safe (it shares one Random); use one router per thread.
/// </summary>
public sealed class RequestRouter
{
    /// <summary>The simulator's convention for who calls whom: a pod annotation listing Services ("mockb,mockc"), called in order.</summary>
    public const string CallsAnnotation = "graylane.io/calls";

    /// <summary>Calls nested deeper than this are reported as an error (a cycle in the call annotations would never end).</summary>
    public const int MaxCallDepth = 10;

    private readonly IClusterView _view;
    private readonly Random _random;
    private readonly string _versionLabel;

    /// <param name="random">Draws weights, mirrors, fault percentages and pods; seed it for repeatable runs.</param>
    /// <param name="versionLabel">The pod label shown as a hop's version.</param>
    public RequestRouter(IClusterView view, Random? random = null, string versionLabel = "version")
    {
        _view = view;
        _random = random ?? new Random();
        _versionLabel = versionLabel;
    }

    public RoutePath Route(RouteRequest request) =>
        new RouteWalk(new ClusterSnapshot(_view), _random, _versionLabel).Run(request);

    /// <summary>Sends the same request count times against one snapshot of the cluster.</summary>
    public IReadOnlyList<RoutePath> RouteMany(RouteRequest request, int count)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(count);
        var snapshot = new ClusterSnapshot(_view);
        return Enumerable.Range(0, count)
            .Select(_ => new RouteWalk(snapshot, _random, _versionLabel).Run(request))
            .ToList();
    }

    /// <summary>
    /// One line per distinct path, most frequent first: "  160  80.0%  -> mocka(v1) -> mockb(v1)".
    /// </summary>
    public static string Tally(IEnumerable<RoutePath> paths) => TallyTexts(paths.Select(p => p.Text));

    /// <summary>The same tally over path texts (e.g. paths with each hop's environment added).</summary>
    public static string TallyTexts(IEnumerable<string> pathTexts)
    {
        var texts = pathTexts.ToList();
        if (texts.Count == 0) return "";
        var sb = new StringBuilder();
        foreach (var g in texts.GroupBy(t => t).OrderByDescending(g => g.Count()).ThenBy(g => g.Key, StringComparer.Ordinal))
        {
            if (sb.Length > 0) sb.Append('\n');
            var percent = 100.0 * g.Count() / texts.Count;
            sb.Append(string.Create(CultureInfo.InvariantCulture, $"{g.Count(),5} {percent,5:0.0}%  {g.Key}"));
        }
        return sb.ToString();
    }
}
