using System.Text;
using Graylane.LocalCluster.Metrics;
using Graylane.LocalCluster.Storage;
using Graylane.LocalCluster.Routing;
using Graylane.LocalCluster.Traffic;

namespace Graylane.LocalCluster;

/// <summary>
/// Requests the cluster serves (as opposed to routes it only answers about): each is routed, answered as its pods'
/// fault annotations say, and counted in the metrics a real mesh would export on /metrics (Prometheus text format, no
/// token, on a port of its own: <see cref="MetricsUrl"/>) — Istio's standard request metrics, ingress-nginx's request metrics and kube-state-metrics' pod gauges.
/// </summary>
public sealed partial class LocalClusterServer
{
    /// <summary>The metrics on the API port too (no token), for clients that only reach that port.</summary>
    public const string ApiPortMetricsPath = "/graylane/metrics";
    private readonly Lock _serving = new();
    private MetricsExporter? _exporter;
    private Task? _sampler;

    public TrafficTelemetry Telemetry { get; } = new();

    /// <summary>Background traffic (graylane sandbox traffic); stops when the cluster stops.</summary>
    public TrafficGenerator Traffic { get; private set; } = null!;

    /// <summary>
    /// What a Prometheus scraping the metrics every second would hold (the last hour), for <see cref="PrometheusUrl"/>.
    /// </summary>
    internal Metrics.PromQl.SeriesHistory MetricsHistory { get; } = new();

    /// <summary>
    /// http://127.0.0.1:port/ — the Prometheus HTTP API (/api/v1/query, /api/v1/query_range) over the cluster's own
    /// request metrics, answering the gate templates' query shapes: the URL for --prometheus-url without a Prometheus.
    /// </summary>
    public Uri PrometheusUrl => new(MetricsUrl, "/");

    /// <summary>http://127.0.0.1:port/metrics on a port of its own (LocalClusterOptions.MetricsPort) — the scrape target for a Prometheus.</summary>
    public Uri MetricsUrl => _exporter?.Url ?? throw new InvalidOperationException("the cluster is not started");

    /// <summary>Serves the request count times against one snapshot of the cluster and records what the proxies would report.</summary>
    public IReadOnlyList<ServedRequest> Serve(RouteRequest request, int count)
    {
        lock (_serving) // the router and the fault counters serve one batch at a time
        {
            var entry = request.Gateway is { } gw ? GatewayPeer(Gateways.Qualify(gw, request.Namespace)) : null;
            var method = request.Headers.FirstOrDefault(h => h.Key.Equals(":method", StringComparison.OrdinalIgnoreCase)).Value ?? "GET";
            return Router.RouteMany(request, count)
                .Select(path => Telemetry.Record(path, (ns, pod) => Get("v1", "Pod", ns, pod), entry, method))
                .ToList();
        }
    }

    /// <summary>The metrics text a scrape gets.</summary>
    public string MetricsText()
    {
        var sb = new StringBuilder();
        Telemetry.WriteTo(sb);
        KubeStateMetrics.WriteTo(sb, Store.List(BuiltInTypes.Pods, null));
        return sb.ToString();
    }

    private void StartTelemetry()
    {
        Traffic = new TrafficGenerator(Serve, _stopping.Token);
        _sampler = Metrics.PromQl.HistorySampler.Start(MetricsHistory, Telemetry.Registry, TimeProvider.System, _stopping.Token);
        MapEndpoint(TrafficEndpoint.Path, new TrafficEndpoint(Traffic).HandleAsync);
        // The same text beside the other /graylane endpoints on the API port (where it was first served); the API server's
        // own /metrics stays a non-resource path that RBAC guards, as on a real cluster.
        MapEndpoint(ApiPortMetricsPath, async http =>
        {
            http.Response.ContentType = "text/plain; version=0.0.4; charset=utf-8";
            await Microsoft.AspNetCore.Http.HttpResponseWritingExtensions.WriteAsync(http.Response, MetricsText());
        });
    }

    private async Task StartExporterAsync(CancellationToken ct) =>
        _exporter = await MetricsExporter.StartAsync(_options.MetricsPort, MetricsText,
            new Metrics.PromQl.PrometheusApi(MetricsHistory, TimeProvider.System), ct);

    private async ValueTask StopExporterAsync()
    {
        if (_exporter is not null) await _exporter.DisposeAsync();
        if (_sampler is not null) await _sampler;
    }

    private IstioLabels.Peer? GatewayPeer(string gateway)
    {
        var (ns, name) = (gateway.Split('/')[0], gateway.Split('/')[1]);
        var gw = new[] { "networking.istio.io/v1", "networking.istio.io/v1beta1", "networking.istio.io/v1alpha3" }
            .Select(v => Get(v, "Gateway", ns, name)).FirstOrDefault(g => g is not null);
        return gw is null ? null : IstioLabels.Peer.Gateway(ns, Json.Map(gw, "spec", "selector"), name);
    }
}
