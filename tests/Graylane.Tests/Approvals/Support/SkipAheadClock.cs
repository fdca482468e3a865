namespace Graylane.Tests.Approvals.Support;

/// <summary>
/// A clock that jumps instead of sleeping: when code waits on it (Task.Delay with this TimeProvider), time moves
/// to the end of the wait at once, so hours of polling run in milliseconds. Timers that are deadlines — a
/// CancellationTokenSource armed with a timeout, as the rollout wait uses — never make time jump; they fire
/// only when a wait carries time past them, so a real rollout is not cut short.
/// </summary>
public sealed class SkipAheadClock(DateTimeOffset start) : TimeProvider
{
    private readonly Lock _gate = new();
    private readonly List<SkipTimer> _timers = [];
    private DateTimeOffset _now = start;

    public static SkipAheadClock StartingAt2026() => new(new DateTimeOffset(2026, 3, 1, 9, 0, 0, TimeSpan.Zero));

    public DateTimeOffset Start { get; } = start;

    public override DateTimeOffset GetUtcNow()
    {
        lock (_gate) return _now;
    }

    /// <summary>Time since the clock started.</summary>
    public TimeSpan Elapsed => GetUtcNow() - Start;

    public override ITimer CreateTimer(TimerCallback callback, object? state, TimeSpan dueTime, TimeSpan period)
    {
        var timer = new SkipTimer(this, callback, state, jumps: state is not CancellationTokenSource);
        lock (_gate) _timers.Add(timer);
        timer.Change(dueTime, period);
        return timer;
    }

    /// <summary>Time passing between runs (e.g. hours between a request and the comment that resumes it).</summary>
    public void Advance(TimeSpan by) => JumpTo(GetUtcNow() + by);

    private void JumpTo(DateTimeOffset at)
    {
        lock (_gate)
        {
            if (at > _now) _now = at;
        }
        FireDue();
    }

    private void FireDue()
    {
        while (true)
        {
            SkipTimer? due;
            lock (_gate)
            {
                due = _timers.Where(t => t.DueAt is { } at && at <= _now).MinBy(t => t.DueAt);
                due?.Take();
            }
            if (due is null) return;
            due.Invoke();
        }
    }

    private void Remove(SkipTimer timer)
    {
        lock (_gate) _timers.Remove(timer);
    }

    private sealed class SkipTimer(SkipAheadClock clock, TimerCallback callback, object? state, bool jumps) : ITimer
    {
        private TimeSpan _period = Timeout.InfiniteTimeSpan;

        public DateTimeOffset? DueAt { get; private set; }

        public bool Change(TimeSpan dueTime, TimeSpan period)
        {
            _period = period;
            lock (clock._gate)
                DueAt = dueTime == Timeout.InfiniteTimeSpan ? null : clock._now + dueTime;
            if (jumps && DueAt is { } at)
                ThreadPool.QueueUserWorkItem(_ => clock.JumpTo(at));
            return true;
        }

        /// <summary>Called under the clock's lock: the next due time (periodic) or none.</summary>
        public void Take() =>
            DueAt = _period == Timeout.InfiniteTimeSpan || _period == TimeSpan.Zero ? null : DueAt + _period;

        public void Invoke() => callback(state);

        public void Dispose()
        {
            lock (clock._gate) DueAt = null;
            clock.Remove(this);
        }

        public ValueTask DisposeAsync()
        {
            Dispose();
            return ValueTask.CompletedTask;
        }
    }
}
