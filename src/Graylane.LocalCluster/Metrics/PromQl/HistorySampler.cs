namespace Graylane.LocalCluster.Metrics.PromQl;

/// <summary>
/// Takes the request metrics into the <see cref="SeriesHistory"/> once a second, as a Prometheus scraping /metrics with
/// scrape_interval: 1s would, until the cluster stops. Real time (the traffic the metrics count runs in real time).
/// </summary>
internal static class HistorySampler
{
    public static readonly TimeSpan Interval = TimeSpan.FromSeconds(1);

    public static Task Start(SeriesHistory history, MetricRegistry registry, TimeProvider time, CancellationToken stopping) => Task.Run(async () =>
    {
        using var timer = new PeriodicTimer(Interval, time);
        try
        {
            do history.Record(time.GetUtcNow().ToUnixTimeMilliseconds(), registry.Samples());
            while (await timer.WaitForNextTickAsync(stopping));
        }
        catch (OperationCanceledException) { }
    }, CancellationToken.None);
}
