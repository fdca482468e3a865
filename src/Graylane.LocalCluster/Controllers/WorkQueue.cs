using System.Threading.Channels;

namespace Graylane.LocalCluster.Controllers;

/// <summary>
/// A de-duplicating work queue with delayed re-queues, in the spirit of client-go's workqueue.
/// Tracks idleness for tests: nothing queued, nothing running, nothing delayed that is already due, and —
/// on the system clock only — no "settling" timer pending. Settling timers are the finite steps the
/// simulation takes on its own (a pod becoming ready); open-ended ones (crash-loop restarts, progress
/// deadlines) never count, or the cluster would never be idle. A manual test clock only moves when the
/// test advances it, so there waiting for a future timer would hang: only due work counts.
/// </summary>
internal sealed class WorkQueue : IDisposable
{
    private readonly Lock _gate = new();
    private readonly Channel<WorkItem> _channel = Channel.CreateUnbounded<WorkItem>(new UnboundedChannelOptions { SingleReader = true });
    private readonly HashSet<WorkItem> _queued = [];
    private readonly PriorityQueue<(WorkItem Item, bool Settling), DateTimeOffset> _delayed = new();
    private readonly TimeProvider _time;
    private readonly ITimer _timer;
    private readonly bool _waitForSettling;
    private int _settlingTimers;
    private bool _busy;
    private TaskCompletionSource? _idle;

    public WorkQueue(TimeProvider time)
    {
        _time = time;
        _waitForSettling = ReferenceEquals(time, TimeProvider.System);
        _timer = time.CreateTimer(_ => ReleaseDue(), null, Timeout.InfiniteTimeSpan, Timeout.InfiniteTimeSpan);
    }

    public ChannelReader<WorkItem> Reader => _channel.Reader;

    public void Add(WorkItem item)
    {
        lock (_gate) AddLocked(item);
    }

    /// <summary>Queues the item once the delay has passed on the TimeProvider's clock.</summary>
    public void AddAfter(WorkItem item, TimeSpan delay, bool settling)
    {
        if (delay <= TimeSpan.Zero)
        {
            Add(item);
            return;
        }
        lock (_gate)
        {
            _delayed.Enqueue((item, settling), _time.GetUtcNow() + delay);
            if (settling) _settlingTimers++;
            ArmLocked();
        }
    }

    /// <summary>Marks an item taken from the reader as being processed.</summary>
    public void BeginWork(WorkItem item)
    {
        lock (_gate)
        {
            _queued.Remove(item);
            _busy = true;
        }
    }

    public void EndWork()
    {
        lock (_gate)
        {
            _busy = false;
            SignalIfIdleLocked();
        }
    }

    public Task WaitIdleAsync(CancellationToken ct)
    {
        ReleaseDue(); // a timer may not have fired yet for work that is already due
        Task wait;
        lock (_gate)
        {
            if (IsIdleLocked) return Task.CompletedTask;
            _idle ??= new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            wait = _idle.Task;
        }
        return wait.WaitAsync(ct);
    }

    public void Complete() => _channel.Writer.TryComplete();

    public void Dispose() => _timer.Dispose();

    private bool IsIdleLocked =>
        _queued.Count == 0 && !_busy
        && !(_waitForSettling && _settlingTimers > 0)
        && !(_delayed.TryPeek(out _, out var due) && due <= _time.GetUtcNow());

    private void AddLocked(WorkItem item)
    {
        if (_queued.Add(item)) _channel.Writer.TryWrite(item);
    }

    private void ReleaseDue()
    {
        lock (_gate)
        {
            var now = _time.GetUtcNow();
            while (_delayed.TryPeek(out var entry, out var due) && due <= now)
            {
                _delayed.Dequeue();
                if (entry.Settling) _settlingTimers--;
                AddLocked(entry.Item);
            }
            ArmLocked();
            SignalIfIdleLocked();
        }
    }

    private void ArmLocked()
    {
        if (_delayed.TryPeek(out _, out var due))
        {
            var wait = due - _time.GetUtcNow();
            _timer.Change(wait < TimeSpan.Zero ? TimeSpan.Zero : wait, Timeout.InfiniteTimeSpan);
        }
        else
        {
            _timer.Change(Timeout.InfiniteTimeSpan, Timeout.InfiniteTimeSpan);
        }
    }

    private void SignalIfIdleLocked()
    {
        if (!IsIdleLocked || _idle is null) return;
        _idle.TrySetResult();
        _idle = null;
    }
}
