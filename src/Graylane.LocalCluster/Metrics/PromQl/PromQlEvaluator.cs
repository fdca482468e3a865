namespace Graylane.LocalCluster.Metrics.PromQl;

/// <summary>One series of an instant vector: labels (no metric name once a function or operator touched it) and value.</summary>
internal sealed record VectorSample(IReadOnlyDictionary<string, string> Labels, double Value)
{
    public string Key => MetricRegistry.LabelText([.. Labels.OrderBy(l => l.Key, StringComparer.Ordinal)]);
}

/// <summary>An instant query's result: a vector (Scalar null) or a scalar.</summary>
internal sealed record QueryValue(IReadOnlyList<VectorSample> Vector, double? Scalar)
{
    public static QueryValue Of(double scalar) => new([], scalar);
    public static QueryValue Of(IReadOnlyList<VectorSample> vector) => new(vector, null);
}

/// <summary>
/// Evaluates the template shapes over a <see cref="SeriesHistory"/> at an instant, with Prometheus 2.x's own arithmetic:
/// rate() extrapolates as extrapolatedRate does (samples in [t - range, t], at least two, counter resets added, the
/// zero point of a counter not passed), sum [by] groups, histogram_quantile interpolates in the bucket as bucketQuantile
/// does, '/' matches series by their label sets, and a number scales every series.
/// </summary>
internal sealed class PromQlEvaluator(SeriesHistory history)
{
    public QueryValue Evaluate(PromExpr expr, long unixMs) => expr switch
    {
        NumberLiteral n => QueryValue.Of(n.Value),
        Call { Function: "rate", Args: [Selector { Range: { } range } s] } => QueryValue.Of(Rate(s, range, unixMs)),
        Call { Function: "histogram_quantile", Args: [var q, var inner] } => QueryValue.Of(Quantile(Scalar(q, unixMs), Vector(inner, unixMs))),
        Aggregation { Operator: "sum" } a => QueryValue.Of(Sum(a.By, Vector(a.Expr, unixMs))),
        Binary b => Arithmetic(b.Operator, Evaluate(b.Left, unixMs), Evaluate(b.Right, unixMs)),
        _ => throw new PromQlException(TemplateShapes.Answered),
    };

    private IReadOnlyList<VectorSample> Vector(PromExpr e, long unixMs) =>
        Evaluate(e, unixMs) is { Scalar: null } v ? v.Vector : throw new PromQlException("expected an instant vector, got a scalar");

    private double Scalar(PromExpr e, long unixMs) =>
        Evaluate(e, unixMs).Scalar ?? throw new PromQlException("expected a scalar, got an instant vector");

    private List<VectorSample> Rate(Selector s, TimeSpan range, long unixMs)
    {
        var result = new List<VectorSample>();
        var rangeMs = (long)range.TotalMilliseconds;
        foreach (var (labels, samples) in history.Select(s.Metric, s.Matchers, unixMs - rangeMs, unixMs))
            if (ExtrapolatedRate(samples, unixMs - rangeMs, unixMs, range.TotalSeconds) is { } rate)
                result.Add(new VectorSample(labels, rate));
        return result;
    }

    /// <summary>Prometheus' extrapolatedRate for a counter (isCounter, isRate); null with fewer than two samples.</summary>
    internal static double? ExtrapolatedRate(IReadOnlyList<(long Time, double Value)> samples, long rangeStartMs, long rangeEndMs, double rangeSeconds)
    {
        if (samples.Count < 2) return null;
        var (firstT, firstV) = samples[0];
        var (lastT, lastV) = samples[^1];
        var result = lastV - firstV;
        var previous = 0.0;
        foreach (var (_, v) in samples)
        {
            if (v < previous) result += previous; // a counter reset
            previous = v;
        }
        var durationToStart = (firstT - rangeStartMs) / 1000.0;
        var durationToEnd = (rangeEndMs - lastT) / 1000.0;
        var sampledInterval = (lastT - firstT) / 1000.0;
        var averageBetween = sampledInterval / (samples.Count - 1);
        if (result > 0 && firstV >= 0)
        {
            var durationToZero = sampledInterval * (firstV / result);
            if (durationToZero < durationToStart) durationToStart = durationToZero;
        }
        var threshold = averageBetween * 1.1;
        var extrapolateTo = sampledInterval;
        extrapolateTo += durationToStart < threshold ? durationToStart : averageBetween / 2;
        extrapolateTo += durationToEnd < threshold ? durationToEnd : averageBetween / 2;
        return result * (extrapolateTo / sampledInterval) / rangeSeconds;
    }

    private static List<VectorSample> Sum(IReadOnlyList<string>? by, IReadOnlyList<VectorSample> input)
    {
        var groups = new Dictionary<string, (Dictionary<string, string> Labels, double Sum)>(StringComparer.Ordinal);
        foreach (var s in input)
        {
            var labels = new Dictionary<string, string>(StringComparer.Ordinal);
            foreach (var name in by ?? [])
                if (s.Labels.TryGetValue(name, out var v) && v.Length > 0) labels[name] = v;
            var key = new VectorSample(labels, 0).Key;
            groups[key] = groups.TryGetValue(key, out var g) ? (g.Labels, g.Sum + s.Value) : (labels, s.Value);
        }
        return [.. groups.Values.Select(g => new VectorSample(g.Labels, g.Sum))];
    }

    private static List<VectorSample> Quantile(double q, IReadOnlyList<VectorSample> input)
    {
        var groups = new Dictionary<string, (Dictionary<string, string> Labels, List<(double UpperBound, double Count)> Buckets)>(StringComparer.Ordinal);
        foreach (var s in input)
        {
            if (!s.Labels.TryGetValue("le", out var le) || !TryParseBound(le, out var bound)) continue; // Prometheus ignores such series
            var labels = s.Labels.Where(l => l.Key is not ("le" or "__name__")).ToDictionary(l => l.Key, l => l.Value, StringComparer.Ordinal);
            var key = new VectorSample(labels, 0).Key;
            if (!groups.TryGetValue(key, out var g)) groups[key] = g = (labels, []);
            g.Buckets.Add((bound, s.Value));
        }
        return [.. groups.Values.Select(g => new VectorSample(g.Labels, BucketQuantile(q, g.Buckets)))];
    }

    private static bool TryParseBound(string le, out double bound)
    {
        if (le is "+Inf" or "Inf" or "+inf" or "inf") { bound = double.PositiveInfinity; return true; }
        return double.TryParse(le, System.Globalization.NumberStyles.Float, System.Globalization.CultureInfo.InvariantCulture, out bound);
    }

    /// <summary>Prometheus' bucketQuantile: sorted, same bounds merged, counts made monotonic, linear within the bucket.</summary>
    internal static double BucketQuantile(double q, List<(double UpperBound, double Count)> buckets)
    {
        if (double.IsNaN(q)) return double.NaN;
        if (q < 0) return double.NegativeInfinity;
        if (q > 1) return double.PositiveInfinity;
        var sorted = buckets.OrderBy(b => b.UpperBound).ToList();
        if (sorted.Count == 0 || !double.IsPositiveInfinity(sorted[^1].UpperBound)) return double.NaN;
        var merged = new List<(double UpperBound, double Count)>();
        foreach (var b in sorted)
            if (merged.Count > 0 && merged[^1].UpperBound == b.UpperBound) merged[^1] = (b.UpperBound, merged[^1].Count + b.Count);
            else merged.Add(b);
        var max = double.NegativeInfinity;
        for (var i = 0; i < merged.Count; i++)
        {
            if (merged[i].Count > max) max = merged[i].Count;
            else if (merged[i].Count < max) merged[i] = (merged[i].UpperBound, max);
        }
        if (merged.Count < 2) return double.NaN;
        var observations = merged[^1].Count;
        if (observations == 0) return double.NaN;
        var rank = q * observations;
        var b0 = 0;
        while (b0 < merged.Count - 1 && merged[b0].Count < rank) b0++;
        if (b0 == merged.Count - 1) return merged[^2].UpperBound;
        if (b0 == 0 && merged[0].UpperBound <= 0) return merged[0].UpperBound;
        double bucketStart = 0, bucketEnd = merged[b0].UpperBound, count = merged[b0].Count;
        if (b0 > 0)
        {
            bucketStart = merged[b0 - 1].UpperBound;
            count -= merged[b0 - 1].Count;
            rank -= merged[b0 - 1].Count;
        }
        return bucketStart + (bucketEnd - bucketStart) * (rank / count);
    }

    /// <summary>Vector/vector matched one-to-one by label sets (unmatched series dropped); a scalar applies to every series.</summary>
    private static QueryValue Arithmetic(char op, QueryValue left, QueryValue right)
    {
        Func<double, double, double> f = op == '/' ? (a, b) => a / b : (a, b) => a * b;
        if (left.Scalar is { } ls && right.Scalar is { } rs) return QueryValue.Of(f(ls, rs));
        if (right.Scalar is { } r) return QueryValue.Of([.. left.Vector.Select(s => new VectorSample(Unnamed(s.Labels), f(s.Value, r)))]);
        if (left.Scalar is { } l) return QueryValue.Of([.. right.Vector.Select(s => new VectorSample(Unnamed(s.Labels), f(l, s.Value)))]);
        var rights = new Dictionary<string, VectorSample>(StringComparer.Ordinal);
        foreach (var s in right.Vector)
            if (!rights.TryAdd(new VectorSample(Unnamed(s.Labels), 0).Key, s))
                throw new PromQlException("found duplicate series for the match group on the right hand-side of the operation");
        var result = new List<VectorSample>();
        foreach (var s in left.Vector)
        {
            var labels = Unnamed(s.Labels);
            if (rights.TryGetValue(new VectorSample(labels, 0).Key, out var match)) result.Add(new VectorSample(labels, f(s.Value, match.Value)));
        }
        return QueryValue.Of(result);
    }

    private static IReadOnlyDictionary<string, string> Unnamed(IReadOnlyDictionary<string, string> labels) =>
        labels.ContainsKey("__name__") ? labels.Where(l => l.Key != "__name__").ToDictionary(l => l.Key, l => l.Value, StringComparer.Ordinal) : labels;
}
