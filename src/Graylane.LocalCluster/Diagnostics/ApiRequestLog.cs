namespace Graylane.LocalCluster;

/// <summary>Every API request the local cluster answered, in completion order (thread-safe).</summary>
public sealed class ApiRequestLog
{
    private readonly Lock _gate = new();
    private readonly List<ApiRequestEntry> _entries = new();

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

    public IReadOnlyList<ApiRequestEntry> Where(Func<ApiRequestEntry, bool> predicate)
    {
        lock (_gate) return _entries.Where(predicate).ToList();
    }

    public void Clear()
    {
        lock (_gate) _entries.Clear();
    }

    internal void Add(ApiRequestEntry entry)
    {
        lock (_gate) _entries.Add(entry);
    }
}
