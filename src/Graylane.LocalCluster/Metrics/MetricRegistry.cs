using System.Globalization;
using System.Text;

namespace Graylane.LocalCluster.Metrics;

/// <summary>
/// Counters and histograms by label set, written in the Prometheus text exposition format (0.0.4) as the
/// client libraries write them: # HELP, # TYPE, then one line per series (histograms as _bucket with le, _sum, _count).
/// Thread-safe.
/// </summary>
public sealed class MetricRegistry
{
    private readonly Lock _gate = new();
    private readonly Dictionary<string, Family> _families = new(StringComparer.Ordinal);

    /// <summary>Declares a counter (its name as exposed, e.g. istio_requests_total).</summary>
    public void Counter(string name, string help) => Declare(name, help, null);

    /// <summary>Declares a histogram with upper bounds (ascending; +Inf is added).</summary>
    public void Histogram(string name, string help, double[] buckets) => Declare(name, help, buckets);

    public void Increment(string name, IReadOnlyList<KeyValuePair<string, string>> labels, double by = 1)
    {
        lock (_gate) SeriesOf(name, labels).Count += by;
    }

    public void Observe(string name, IReadOnlyList<KeyValuePair<string, string>> labels, double value)
    {
        lock (_gate)
        {
            var family = _families[name];
            var s = SeriesOf(name, labels);
            s.Count++;
            s.Sum += value;
            for (var i = 0; i < family.Buckets!.Length; i++)
                if (value <= family.Buckets[i]) s.BucketCounts[i]++;
        }
    }

    /// <summary>The value of a counter series (0 when never incremented); for tests and the demo.</summary>
    public double Value(string name, IReadOnlyList<KeyValuePair<string, string>> labels)
    {
        lock (_gate)
            return _families.TryGetValue(name, out var f) && f.Series.TryGetValue(LabelText(labels), out var s) ? s.Count : 0;
    }

    public void WriteTo(StringBuilder sb)
    {
        lock (_gate)
            foreach (var f in _families.Values.OrderBy(f => f.Name, StringComparer.Ordinal))
            {
                if (f.Series.Count == 0) continue;
                sb.Append("# HELP ").Append(f.Name).Append(' ').Append(f.Help).Append('\n');
                sb.Append("# TYPE ").Append(f.Name).Append(' ').Append(f.Buckets is null ? "counter" : "histogram").Append('\n');
                foreach (var (labels, s) in f.Series.OrderBy(p => p.Key, StringComparer.Ordinal))
                {
                    if (f.Buckets is null)
                    {
                        Line(sb, f.Name, labels, null, s.Count);
                        continue;
                    }
                    for (var i = 0; i < f.Buckets.Length; i++)
                        Line(sb, f.Name + "_bucket", labels, Number(f.Buckets[i]), s.BucketCounts[i]);
                    Line(sb, f.Name + "_bucket", labels, "+Inf", s.Count);
                    Line(sb, f.Name + "_sum", labels, null, s.Sum);
                    Line(sb, f.Name + "_count", labels, null, s.Count);
                }
            }
    }

    /// <summary>Every series' value as a scrape reads it (histograms as _bucket with le, _sum and _count), for the local Prometheus API's history.</summary>
    internal List<PromQl.MetricSample> Samples()
    {
        var samples = new List<PromQl.MetricSample>();
        lock (_gate)
            foreach (var f in _families.Values)
                foreach (var s in f.Series.Values)
                {
                    if (f.Buckets is null)
                    {
                        samples.Add(new(f.Name, s.Labels, s.Count));
                        continue;
                    }
                    for (var i = 0; i < f.Buckets.Length; i++)
                        samples.Add(new(f.Name + "_bucket", WithLe(s.Labels, Number(f.Buckets[i])), s.BucketCounts[i]));
                    samples.Add(new(f.Name + "_bucket", WithLe(s.Labels, "+Inf"), s.Count));
                    samples.Add(new(f.Name + "_sum", s.Labels, s.Sum));
                    samples.Add(new(f.Name + "_count", s.Labels, s.Count));
                }
        return samples;
    }

    private static Dictionary<string, string> WithLe(IReadOnlyDictionary<string, string> labels, string le) =>
        new(labels, StringComparer.Ordinal) { ["le"] = le };

    /// <summary>One family computed at scrape time (e.g. kube-state-style pod gauges); type gauge or counter.</summary>
    public static void WriteComputed(StringBuilder sb, string name, string type, string help, IEnumerable<(IReadOnlyList<KeyValuePair<string, string>> Labels, double Value)> samples)
    {
        var list = samples.ToList();
        if (list.Count == 0) return;
        sb.Append("# HELP ").Append(name).Append(' ').Append(help).Append('\n');
        sb.Append("# TYPE ").Append(name).Append(' ').Append(type).Append('\n');
        foreach (var (labels, value) in list) Line(sb, name, LabelText(labels), null, value);
    }

    private void Declare(string name, string help, double[]? buckets)
    {
        lock (_gate) _families.TryAdd(name, new Family(name, help, buckets));
    }

    private Series SeriesOf(string name, IReadOnlyList<KeyValuePair<string, string>> labels)
    {
        var family = _families[name];
        var key = LabelText(labels);
        if (!family.Series.TryGetValue(key, out var s))
            family.Series[key] = s = new Series(family.Buckets?.Length ?? 0, labels.ToDictionary(l => l.Key, l => l.Value, StringComparer.Ordinal));
        return s;
    }

    private static void Line(StringBuilder sb, string name, string labels, string? le, double value)
    {
        sb.Append(name);
        if (labels.Length > 0 || le is not null)
        {
            sb.Append('{').Append(labels);
            if (le is not null) sb.Append(labels.Length > 0 ? "," : "").Append("le=\"").Append(le).Append('"');
            sb.Append('}');
        }
        sb.Append(' ').Append(Number(value)).Append('\n');
    }

    /// <summary>name="value",... with \, " and newline escaped as the format requires.</summary>
    internal static string LabelText(IReadOnlyList<KeyValuePair<string, string>> labels) =>
        string.Join(",", labels.Select(l => $"{l.Key}=\"{l.Value.Replace("\\", "\\\\").Replace("\"", "\\\"").Replace("\n", "\\n")}\""));

    private static string Number(double v) =>
        double.IsPositiveInfinity(v) ? "+Inf" : double.IsNegativeInfinity(v) ? "-Inf" : double.IsNaN(v) ? "NaN"
        : v.ToString("R", CultureInfo.InvariantCulture);

    private sealed record Family(string Name, string Help, double[]? Buckets)
    {
        public Dictionary<string, Series> Series { get; } = new(StringComparer.Ordinal);
    }

    private sealed class Series(int buckets, IReadOnlyDictionary<string, string> labels)
    {
        public IReadOnlyDictionary<string, string> Labels { get; } = labels;
        public double Count { get; set; }
        public double Sum { get; set; }
        public long[] BucketCounts { get; } = new long[buckets];
    }
}
