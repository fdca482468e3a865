using Graylane.LocalCluster.Routing;

namespace Graylane.LocalCluster.Traffic;

/// <summary>One running (or finished) traffic generator: what it sends, how fast, until when, and what it has sent so far.</summary>
public sealed class TrafficRun
{
    private long _sent, _failed;

    internal TrafficRun(int id, RouteRequest request, double rps, DateTimeOffset until)
    {
        Id = id;
        Request = request;
        RequestsPerSecond = rps;
        Until = until;
    }

    public int Id { get; }
    public RouteRequest Request { get; }
    public double RequestsPerSecond { get; }
    public DateTimeOffset Until { get; }
    public long Sent => Interlocked.Read(ref _sent);

    /// <summary>Requests answered with a status of 500 or more (a routing error counts too).</summary>
    public long Failed => Interlocked.Read(ref _failed);
    public bool Running => !Completion.IsCompleted;

    /// <summary>Why the run ended early, if serving a request failed.</summary>
    public string? Error { get; internal set; }
    internal Task Completion { get; set; } = Task.CompletedTask;
    internal CancellationTokenSource Stop { get; } = new();

    internal void Count(int sent, int failed)
    {
        Interlocked.Add(ref _sent, sent);
        Interlocked.Add(ref _failed, failed);
    }
}
