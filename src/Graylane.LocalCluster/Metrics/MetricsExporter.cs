using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Graylane.LocalCluster.Metrics;

/// <summary>
/// GET /metrics on a port of its own (plain HTTP on loopback, no token), as the exporters it stands for serve theirs
/// (sidecars, ingress-nginx, kube-state-metrics) — the API server's own /metrics path stays the API server's (and its RBAC's).
/// The same port answers the Prometheus HTTP API's queries over those metrics (<see cref="PromQl.PrometheusApi"/>), as a
/// Prometheus server serves /api/v1 beside its own /metrics: its root is the URL to give --prometheus-url.
/// </summary>
internal sealed class MetricsExporter : IAsyncDisposable
{
    public const string Path = "/metrics";
    private readonly WebApplication _app;

    private MetricsExporter(WebApplication app) => _app = app;

    public Uri Url { get; private set; } = new("http://127.0.0.1/metrics");

    public static async Task<MetricsExporter> StartAsync(int port, Func<string> text, PromQl.PrometheusApi api, CancellationToken ct)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.Services.AddSingleton<Microsoft.Extensions.Hosting.IHostLifetime, EmbeddedLifetime>();
        builder.WebHost.UseKestrel(k => k.Listen(IPAddress.Loopback, port));
        var app = builder.Build();
        app.Run(async http =>
        {
            if (api.Handles(http.Request.Path))
            {
                await api.HandleAsync(http);
                return;
            }
            if (http.Request.Path != Path)
            {
                http.Response.StatusCode = 404;
                return;
            }
            http.Response.ContentType = "text/plain; version=0.0.4; charset=utf-8";
            await http.Response.WriteAsync(text());
        });
        await app.StartAsync(ct);
        var exporter = new MetricsExporter(app);
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        exporter.Url = new Uri(new Uri(address), Path);
        return exporter;
    }

    public async ValueTask DisposeAsync()
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(5));
        try { await _app.StopAsync(timeout.Token); }
        catch (OperationCanceledException) { }
        await _app.DisposeAsync();
    }
}
