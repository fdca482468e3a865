using System.Diagnostics;
using Graylane.LocalCluster.Metrics;
using Graylane.LocalCluster.Routing;

namespace Graylane.LocalCluster.Traffic;

/// <summary>
/// Bounded background traffic: sends a request at a steady rate (spread over ten ticks a second) until its duration
/// ends, it is stopped, or the cluster stops, so a Prometheus scraping /graylane/metrics sees rates. At most
/// <see cref="MaxRequestsPerSecond"/> and <see cref="MaxDuration"/>, so a forgotten generator cannot run away.
/// </summary>
public sealed class TrafficGenerator(Func<RouteRequest, int, IReadOnlyList<ServedRequest>> serve, CancellationToken stopping)
{
    public const double MaxRequestsPerSecond = 1000;
    public static readonly TimeSpan MaxDuration = TimeSpan.FromHours(1);
    private static readonly TimeSpan Tick = TimeSpan.FromMilliseconds(100);

    private readonly Lock _gate = new();
    private readonly List<TrafficRun> _runs = [];

    public IReadOnlyList<TrafficRun> Runs
    {
        get { lock (_gate) return _runs.ToList(); }
    }

    public TrafficRun Start(RouteRequest request, double requestsPerSecond, TimeSpan duration)
    {
        if (!(requestsPerSecond > 0 && requestsPerSecond <= MaxRequestsPerSecond))
            throw new ArgumentOutOfRangeException(nameof(requestsPerSecond), $"between 0 and {MaxRequestsPerSecond} requests a second");
        if (duration <= TimeSpan.Zero || duration > MaxDuration)
            throw new ArgumentOutOfRangeException(nameof(duration), $"more than 0 and at most {MaxDuration}");
        TrafficRun run;
        lock (_gate)
        {
            run = new TrafficRun(_runs.Count + 1, request, requestsPerSecond, DateTimeOffset.UtcNow + duration);
            _runs.Add(run);
        }
        run.Completion = Task.Run(() => RunAsync(run, duration));
        return run;
    }

    /// <summary>Stops one run (by id) or all; returns the runs that were stopped.</summary>
    public async Task<IReadOnlyList<TrafficRun>> StopAsync(int? id = null)
    {
        var stopped = Runs.Where(r => r.Running && (id is null || r.Id == id)).ToList();
        foreach (var r in stopped) await r.Stop.CancelAsync();
        await Task.WhenAll(stopped.Select(r => r.Completion));
        return stopped;
    }

    private async Task RunAsync(TrafficRun run, TimeSpan duration)
    {
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(run.Stop.Token, stopping);
        using var timer = new PeriodicTimer(Tick);
        var clock = Stopwatch.StartNew();
        long sent = 0;
        try
        {
            do
            {
                // Read the clock once: deciding "done" on a later reading would end the run one tick short of its total.
                var now = clock.Elapsed;
                var done = now >= duration;
                var elapsed = done ? duration : now;
                // Catch up to the rate since the start, so slow ticks do not lower it.
                var due = (long)Math.Floor(elapsed.TotalSeconds * run.RequestsPerSecond) - sent;
                if (due > 0)
                {
                    var served = serve(run.Request, (int)Math.Min(due, 10_000));
                    sent += served.Count;
                    run.Count(served.Count, served.Count(s => s.Status >= 500));
                }
                if (done) break;
            }
            while (await timer.WaitForNextTickAsync(linked.Token));
        }
        catch (OperationCanceledException) { }
        catch (Exception ex) // the cluster is stopping under the run, or a bug: end the run and say why
        {
            run.Error = ex.Message;
        }
    }
}
