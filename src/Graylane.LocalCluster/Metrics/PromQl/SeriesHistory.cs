namespace Graylane.LocalCluster.Metrics.PromQl;

/// <summary>
/// What a Prometheus scraping the local cluster every second would have stored: one sample per series per scrape
/// (a tick), kept for <see cref="Retention"/>. Stored as each series' changes only, so an idle sandbox costs nothing;
/// a series has a sample at every tick from the first one it appeared in to the last one it was seen in. Thread-safe.
/// </summary>
internal sealed class SeriesHistory(TimeSpan retention)
{
    public static readonly TimeSpan DefaultRetention = TimeSpan.FromHours(1);
    private readonly Lock _gate = new();
    private readonly List<long> _ticks = []; // scrape times (unix ms) of ticks _firstTick, _firstTick + 1, ...
    private long _firstTick;
    private readonly Dictionary<string, Track> _tracks = new(StringComparer.Ordinal);

    public SeriesHistory() : this(DefaultRetention) { }

    public TimeSpan Retention { get; } = retention;

    /// <summary>One scrape at unixMs: every series' current value (times must not go backwards).</summary>
    public void Record(long unixMs, IEnumerable<MetricSample> samples)
    {
        lock (_gate)
        {
            if (_ticks.Count > 0 && unixMs <= _ticks[^1]) return;
            _ticks.Add(unixMs);
            var tick = _firstTick + _ticks.Count - 1;
            foreach (var s in samples)
            {
                var key = s.Metric + "{" + MetricRegistry.LabelText([.. s.Labels.OrderBy(l => l.Key, StringComparer.Ordinal)]) + "}";
                if (!_tracks.TryGetValue(key, out var t) || t.Last < tick - 1)
                    _tracks[key] = t = new Track(s.Metric, s.Labels, tick); // new, or back after a gap: a new run of samples
                if (t.Changes.Count == 0 || t.Changes[^1].Value != s.Value && !(double.IsNaN(s.Value) && double.IsNaN(t.Changes[^1].Value)))
                    t.Changes.Add((tick, s.Value));
                t.Last = tick;
            }
            Trim(unixMs - (long)Retention.TotalMilliseconds);
        }
    }

    /// <summary>The samples (unix ms, value) of each series of the metric matching every matcher, with times in [fromMs, toMs].</summary>
    public List<(IReadOnlyDictionary<string, string> Labels, List<(long Time, double Value)> Samples)> Select(
        string metric, IReadOnlyList<LabelMatcher> matchers, long fromMs, long toMs)
    {
        var result = new List<(IReadOnlyDictionary<string, string>, List<(long, double)>)>();
        lock (_gate)
        {
            if (_ticks.Count == 0) return result;
            var first = FirstAtOrAfter(fromMs);
            var last = (toMs == long.MaxValue ? _ticks.Count : FirstAtOrAfter(toMs + 1)) - 1;
            if (last < first) return result;
            foreach (var t in _tracks.Values)
            {
                if (t.Metric != metric || !matchers.All(m => m.Name == "__name__" ? m.Matches(metric) : m.Matches(t.Labels.GetValueOrDefault(m.Name)))) continue;
                var from = Math.Max(first + _firstTick, t.First);
                var to = Math.Min(last + _firstTick, t.Last);
                if (to < from) continue;
                var samples = new List<(long, double)>((int)(to - from + 1));
                var c = t.IndexAt(from);
                for (var tick = from; tick <= to; tick++)
                {
                    while (c + 1 < t.Changes.Count && t.Changes[c + 1].Tick <= tick) c++;
                    samples.Add((_ticks[(int)(tick - _firstTick)], t.Changes[c].Value));
                }
                result.Add((t.Labels, samples));
            }
        }
        return result;
    }

    /// <summary>How many series are stored (for the retention test).</summary>
    public int SeriesCount
    {
        get { lock (_gate) return _tracks.Count; }
    }

    /// <summary>Index into _ticks of the first tick at or after unixMs (_ticks.Count when none).</summary>
    private int FirstAtOrAfter(long unixMs)
    {
        int lo = 0, hi = _ticks.Count;
        while (lo < hi)
        {
            var mid = (lo + hi) / 2;
            if (_ticks[mid] < unixMs) lo = mid + 1; else hi = mid;
        }
        return lo;
    }

    /// <summary>Forgets ticks before the cutoff, series last seen before it, and changes no kept tick needs.</summary>
    private void Trim(long cutoffMs)
    {
        var drop = FirstAtOrAfter(cutoffMs);
        if (drop == 0) return;
        _ticks.RemoveRange(0, drop);
        _firstTick += drop;
        foreach (var (key, t) in _tracks.ToList())
        {
            if (t.Last < _firstTick) { _tracks.Remove(key); continue; }
            var keep = t.IndexAt(_firstTick);
            if (keep > 0) t.Changes.RemoveRange(0, keep);
            if (t.First < _firstTick) t.First = _firstTick;
        }
    }

    private sealed class Track(string metric, IReadOnlyDictionary<string, string> labels, long first)
    {
        public string Metric { get; } = metric;
        public IReadOnlyDictionary<string, string> Labels { get; } = labels;
        public long First { get; set; } = first;
        public long Last { get; set; } = first;
        public List<(long Tick, double Value)> Changes { get; } = [];

        /// <summary>Index of the change in force at the tick (the last one at or before it).</summary>
        public int IndexAt(long tick)
        {
            int lo = 0, hi = Changes.Count - 1;
            while (lo < hi)
            {
                var mid = (lo + hi + 1) / 2;
                if (Changes[mid].Tick <= tick) lo = mid; else hi = mid - 1;
            }
            return lo;
        }
    }
}

/// <summary>One series' value in a scrape: metric name as exposed (with _bucket/_sum/_count), labels (with le for buckets).</summary>
internal sealed record MetricSample(string Metric, IReadOnlyDictionary<string, string> Labels, double Value);
