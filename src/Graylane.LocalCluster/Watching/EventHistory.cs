using System.Threading.Channels;
using Graylane.LocalCluster.Storage;

namespace Graylane.LocalCluster.Watching;

/// <summary>
/// The last N store events (the watch cache). A watch subscribes from a resourceVersion: it gets the
/// kept events after it, then every new one, with no gap; a version older than the window is 410 Gone.
/// </summary>
internal sealed class EventHistory : IDisposable
{
    private readonly Lock _gate = new();
    private readonly ObjectStore _store;
    private readonly int _capacity;
    private readonly LinkedList<StoreEvent> _events = new();
    private readonly List<WatchSubscription> _subscribers = new();
    private long _droppedUpTo; // resourceVersion of the newest event that fell out of the window
    private long _latest;

    public EventHistory(ObjectStore store, int capacity)
    {
        _store = store;
        _capacity = capacity;
        _store.Changed += OnChanged;
    }

    /// <summary>Subscribes to events after fromVersion. Throws WatchTooOldException when they are no longer kept.</summary>
    public WatchSubscription Subscribe(long fromVersion, Func<StoreEvent, bool> filter)
    {
        lock (_gate)
        {
            if (fromVersion < _droppedUpTo) throw new WatchTooOldException(fromVersion, _droppedUpTo + 1);
            var sub = new WatchSubscription(this, filter);
            foreach (var ev in _events)
                if (ev.ResourceVersion > fromVersion) sub.Offer(ev);
            _subscribers.Add(sub);
            return sub;
        }
    }

    /// <summary>Completes every active watch stream (the "drop watches" fault).</summary>
    public int CloseAll()
    {
        lock (_gate)
        {
            var n = _subscribers.Count;
            foreach (var s in _subscribers) s.Complete();
            _subscribers.Clear();
            return n;
        }
    }

    /// <summary>The resourceVersion of the newest event handed to watchers.</summary>
    public long LatestVersion
    {
        get { lock (_gate) return _latest; }
    }

    public int ActiveCount
    {
        get { lock (_gate) return _subscribers.Count; }
    }

    internal void Unsubscribe(WatchSubscription sub)
    {
        lock (_gate) _subscribers.Remove(sub);
    }

    private void OnChanged(StoreEvent ev)
    {
        lock (_gate)
        {
            _events.AddLast(ev);
            _latest = ev.ResourceVersion;
            while (_events.Count > _capacity)
            {
                _droppedUpTo = _events.First!.Value.ResourceVersion;
                _events.RemoveFirst();
            }
            foreach (var s in _subscribers) s.Offer(ev);
        }
    }

    public void Dispose()
    {
        _store.Changed -= OnChanged;
        CloseAll();
    }
}
