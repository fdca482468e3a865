namespace Graylane.LocalCluster;

/// <summary>Every API request the local cluster answered, in completion order (thread-safe).</summary>
public sealed class ApiRequestLog
{
    private readonly Lock _gate = new();
    private readonly List<ApiRequestEntry> _entries = new();
    private int _answered;
    private int _answeredWrites;
    private TaskCompletionSource? _settled;

    public IReadOnlyList<ApiRequestEntry> Entries
    {
        get { lock (_gate) return _entries.ToList(); }
    }

    public int Count
    {
        get { lock (_gate) return _entries.Count; }
    }

    /// <summary>Requests that change state (create, update, patch, delete, deletecollection), whatever their outcome.</summary>
    public int Writes
    {
        get { lock (_gate) return _entries.Count(e => e.IsWrite); }
    }

    /// <summary>Requests whose answer has started (an open watch included) and that are not in the log yet.</summary>
    public int AnsweredNotLogged
    {
        get { lock (_gate) return _answered; }
    }

    public IReadOnlyList<ApiRequestEntry> Where(Func<ApiRequestEntry, bool> predicate)
    {
        lock (_gate) return _entries.Where(predicate).ToList();
    }

    public void Clear()
    {
        lock (_gate) _entries.Clear();
    }

    /// <summary>
    /// Resolves once every request whose answer has started is in the log (writesOnly: every such write). The server logs
    /// a request after answering it, so a client holding its answer (a step that has returned) could look before the
    /// entry is there; this waits for exactly that, however slow the machine, where a quiet period would only guess.
    /// Requests not answered yet (e.g. held back by a fault's latency) are not waited for: no client has seen them.
    /// Without writesOnly an open watch is waited for until it ends.
    /// </summary>
    public Task WaitSettledAsync(bool writesOnly = false, CancellationToken ct = default)
    {
        lock (_gate)
        {
            if ((writesOnly ? _answeredWrites : _answered) == 0) return Task.CompletedTask;
            _settled ??= new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            var settled = _settled.Task;
            return Loop();

            async Task Loop()
            {
                await settled.WaitAsync(ct).ConfigureAwait(false);
                await WaitSettledAsync(writesOnly, ct).ConfigureAwait(false);
            }
        }
    }

    /// <summary>A request the server has begun; call Answering when its response starts and Complete to log it.</summary>
    internal Pending Begin(bool write) => new(this, write);

    internal sealed class Pending(ApiRequestLog log, bool write)
    {
        private bool _counted;
        private bool _logged;

        /// <summary>The response is starting: from now on a client may hold the answer while the entry is not in the log.</summary>
        public void Answering()
        {
            lock (log._gate)
            {
                if (_logged || _counted) return; // an answer that starts after the entry was logged needs no waiting for
                _counted = true;
                log._answered++;
                if (write) log._answeredWrites++;
            }
        }

        public void Complete(ApiRequestEntry entry)
        {
            lock (log._gate)
            {
                if (_logged) return;
                _logged = true;
                log._entries.Add(entry);
                if (!_counted) return;
                log._answered--;
                if (write) log._answeredWrites--;
                // Wakes every waiter; each checks its own count again (writes-only waiters may already be done).
                log._settled?.TrySetResult();
                log._settled = null;
            }
        }
    }
}
