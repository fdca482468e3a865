using System.Globalization;
using System.Text;
using System.Text.Json.Nodes;
using Graylane.LocalCluster.Routing;

namespace Graylane.LocalCluster.Metrics;

/// <summary>
/// What the proxies of a real cluster would report about the requests the local cluster serves: each hop's answer
/// (see <see cref="ResponseFaults"/>) and Istio's standard request metrics, reported by the destination's proxy and, when
/// the caller is a pod or an ingress gateway, by the caller's proxy too (as Istio does). A hop's duration includes the
/// calls its pod makes. A request that entered through an ingress-nginx location is also counted as the controller counts
/// it (see <see cref="NginxLabels"/>). Not thread-safe: the server serves one batch of requests at a time.
/// </summary>
public sealed class TrafficTelemetry
{
    private readonly ResponseFaults _faults = new();

    public TrafficTelemetry()
    {
        Registry.Counter(IstioLabels.RequestsTotal, "Counter of requests handled by Istio proxies (simulated by the Graylane local cluster).");
        Registry.Histogram(IstioLabels.Duration, "Request duration in milliseconds as the Istio proxies measure it (simulated).", IstioLabels.DurationBuckets);
        Registry.Counter(NginxLabels.Requests, "The total number of client requests (ingress-nginx, simulated).");
        Registry.Histogram(NginxLabels.Duration, "The request processing time in seconds (ingress-nginx, simulated).", NginxLabels.DurationBuckets);
    }

    public MetricRegistry Registry { get; } = new();

    /// <param name="pod">Finds a pod by namespace and name (as it is now).</param>
    /// <param name="entry">The ingress gateway the request entered through, or null when it came from outside the mesh.</param>
    /// <param name="method">The request's HTTP method (ingress-nginx labels its metrics with it).</param>
    internal ServedRequest Record(RoutePath path, Func<string, string, JsonObject?> pod, IstioLabels.Peer? entry, string method = "GET")
    {
        var hops = path.Hops;
        var status = new int[hops.Count];
        var ms = new double[hops.Count];
        var pods = new JsonObject?[hops.Count];
        for (var i = 0; i < hops.Count; i++)
        {
            var hop = hops[i];
            pods[i] = hop.Pod is { } name && hop.Namespace is { } ns ? pod(ns, name) : null;
            (status[i], ms[i]) = pods[i] is { } p ? _faults.Next(p) : (TerminalStatus(hop, path.Error), 0);
        }
        // Children come after their caller (depth first): add each hop's whole time to its caller, last first.
        for (var i = hops.Count - 1; i >= 0; i--)
            if (hops[i].Caller >= 0) ms[hops[i].Caller] += ms[i];

        for (var i = 0; i < hops.Count; i++)
        {
            if (pods[i] is not { } served) continue;
            var hop = hops[i];
            var destination = IstioLabels.Peer.Of(served, hop.Workload ?? hop.Pod!);
            var caller = hop.Caller >= 0 && pods[hop.Caller] is { } c ? IstioLabels.Peer.Of(c, hops[hop.Caller].Workload ?? hops[hop.Caller].Pod!) : null;
            var source = caller ?? (hop.Caller < 0 ? entry : null);
            Report("destination", source ?? IstioLabels.Peer.Unknown, destination, hop, status[i], ms[i]);
            if (source is not null) Report("source", source, destination, hop, status[i], ms[i]);
        }
        var first = hops.Count > 0 ? 0 : -1;
        var answer = new ServedRequest(path, first < 0 ? TerminalStatus(null, path.Error) : status[first], first < 0 ? 0 : ms[first]);
        if (path.Ingress is { } ingress) // the controller logs every request its location took, whatever the backend answered
        {
            var labels = NginxLabels.For(ingress, method, answer.Status);
            Registry.Increment(NginxLabels.Requests, labels);
            Registry.Observe(NginxLabels.Duration, labels, answer.Milliseconds / 1000);
        }
        return answer;
    }

    /// <summary>The metrics in the Prometheus text format.</summary>
    public void WriteTo(StringBuilder sb) => Registry.WriteTo(sb);

    private void Report(string reporter, IstioLabels.Peer source, IstioLabels.Peer destination, Hop hop, int status, double ms)
    {
        var labels = IstioLabels.For(reporter, source, destination, hop.Service, hop.Namespace ?? destination.Namespace, status);
        Registry.Increment(IstioLabels.RequestsTotal, labels);
        Registry.Observe(IstioLabels.Duration, labels, ms);
    }

    /// <summary>A hop with no pod: a direct response or redirect answers its own status; a routing error is Envoy's 404 or 503.</summary>
    private static int TerminalStatus(Hop? hop, string? error)
    {
        var note = hop?.Note ?? "";
        foreach (var prefix in new[] { "direct response ", "redirect " })
            if (note.StartsWith(prefix, StringComparison.Ordinal)
                && int.TryParse(note[prefix.Length..].Split(' ')[0], NumberStyles.None, CultureInfo.InvariantCulture, out var s))
                return s;
        if (error is not null)
        {
            if (error.StartsWith("404", StringComparison.Ordinal)) return 404;
            if (error.StartsWith("fault abort ", StringComparison.Ordinal)
                && int.TryParse(error["fault abort ".Length..], NumberStyles.None, CultureInfo.InvariantCulture, out var abort))
                return abort;
            return 503;
        }
        return 200;
    }
}
