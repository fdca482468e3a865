using Graylane.LocalCluster.Routing;
using Graylane.Tests.Metrics;
using Graylane.Tests.Progressive;
using Graylane.Tests.Support;

namespace Graylane.Tests.Prometheus;

/// <summary>
/// The shared setup of every test whose gates a Prometheus answers: bookinfo's reviews on Istio with v2 deployed gray
/// (<see cref="ProgressiveScenario"/>), optionally some traffic shifted to it and a fault annotation on its pods, 50
/// requests a second flowing, and the Prometheus API the gates query — a real Prometheus scraping the cluster's /metrics
/// every second, or the local cluster's own API over the same metrics.
/// </summary>
public sealed class GatedCanary : IAsyncDisposable
{
    private GatedCanary(ProgressiveScenario scenario, RealPrometheus? real)
    {
        Scenario = scenario;
        Real = real;
    }

    public ProgressiveScenario Scenario { get; }
    public ClusterFixture Cluster => Scenario.Cluster;

    /// <summary>The real Prometheus, when started with one.</summary>
    public RealPrometheus? Real { get; }

    /// <summary>The local cluster's own Prometheus API.</summary>
    public PrometheusEndpoint Local => new(Cluster.Server.PrometheusUrl);

    /// <summary>The API the gates query: the real Prometheus when there is one, else the local cluster's.</summary>
    public PrometheusEndpoint Api => Real?.Api ?? Local;

    /// <param name="weight">Traffic shifted to v2 before the test (0: deploy-gray only, for shift-traffic --steps).</param>
    /// <param name="realPrometheus">Start a real Prometheus (the test must be [ToolFact("prometheus")]).</param>
    /// <param name="fault">A fault annotation for v2's pods (ResponseFaults.ErrorRateAnnotation, LatencyAnnotation) and its value.</param>
    public static async Task<GatedCanary> StartAsync(int weight, bool realPrometheus, (string Key, string Value)? fault = null)
    {
        var s = await ProgressiveScenario.StartAsync();
        try
        {
            if (weight > 0)
            {
                var (code, host) = await s.Cluster.RunAsync("shift-traffic", ("app", ProgressiveScenario.App),
                    ("weight", weight.ToString(System.Globalization.CultureInfo.InvariantCulture)));
                Assert.True(code == 0, host.Log);
            }
            if (fault is { } f) await CanaryScenario.AnnotatePodsAsync(s.Cluster, "v2", f.Key, f.Value);
            s.Cluster.Server.Traffic.Start(RouteRequest.To("default", ProgressiveScenario.App), 50, TimeSpan.FromMinutes(3));
            return new GatedCanary(s, realPrometheus ? await RealPrometheus.StartAsync(s.Cluster.Server.MetricsUrl) : null);
        }
        catch
        {
            await s.DisposeAsync();
            throw;
        }
    }

    /// <summary>Waits until the gates' API has a value for every query (rate() needs two samples of the gray's series).</summary>
    public async Task WarmAsync(params string[] queries)
    {
        foreach (var q in queries) Assert.NotNull(await Api.WaitForValueAsync(q));
    }

    public async ValueTask DisposeAsync()
    {
        if (Real is not null) await Real.DisposeAsync();
        await Scenario.DisposeAsync();
    }
}
