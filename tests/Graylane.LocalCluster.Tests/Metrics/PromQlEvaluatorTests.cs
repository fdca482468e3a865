using Graylane.LocalCluster.Metrics.PromQl;

namespace Graylane.LocalCluster.Tests.Metrics;

/// <summary>
/// The local cluster's PromQL evaluator over a history the test writes sample by sample (no server, no Prometheus):
/// each expected value is worked out by hand with Prometheus 2.x's formulas (extrapolatedRate, bucketQuantile).
/// </summary>
public sealed class PromQlEvaluatorTests
{
    private const long T0 = 1_800_000_000_000; // unix ms; samples every second from here

    private const string Gray = "reporter=\"destination\",destination_workload_namespace=\"default\",destination_workload=\"reviews-v3\",destination_version=\"v3\"";

    /// <summary>The success-rate template's query for Istio, as GateTemplates expands it.</summary>
    private const string SuccessRate =
        "sum(rate(istio_requests_total{" + Gray + ",response_code!~\"5..\"}[1m])) / sum(rate(istio_requests_total{" + Gray + "}[1m]))";

    private const string LatencyP99 =
        "histogram_quantile(0.99, sum by (le) (rate(istio_request_duration_milliseconds_bucket{" + Gray + "}[1m])))";

    private static Dictionary<string, string> Labels(params (string, string)[] pairs) => pairs.ToDictionary(p => p.Item1, p => p.Item2);

    private static Dictionary<string, string> Istio(string version, string code) => Labels(("reporter", "destination"),
        ("destination_workload_namespace", "default"), ("destination_workload", "reviews-" + version), ("destination_version", version), ("response_code", code));

    /// <summary>Scrapes every second from T0 for the given seconds; each series' value at second i comes from its function.</summary>
    private static SeriesHistory History(int seconds, params (string Metric, Dictionary<string, string> Labels, Func<int, double?> ValueAt)[] series)
    {
        var h = new SeriesHistory();
        for (var i = 0; i <= seconds; i++)
            h.Record(T0 + i * 1000L, series.Where(s => s.ValueAt(i) is not null).Select(s => new MetricSample(s.Metric, s.Labels, s.ValueAt(i)!.Value)).ToList());
        return h;
    }

    private static double Single(SeriesHistory h, string query, long at)
    {
        var value = new PromQlEvaluator(h).Evaluate(TemplateShapes.Check(query), at);
        return Assert.Single(value.Vector).Value;
    }

    [Fact]
    public void A_counter_growing_ten_a_second_over_the_whole_window_rates_ten()
    {
        var h = History(60, ("c_total", Labels(("a", "1")), i => 10 * i));
        var samples = h.Select("c_total", [], T0, T0 + 60_000).Single().Samples;
        Assert.Equal(61, samples.Count);
        Assert.Equal(10, PromQlEvaluator.ExtrapolatedRate(samples, T0, T0 + 60_000, 60));
    }

    [Fact]
    public void A_series_born_late_in_the_window_is_extrapolated_to_its_zero_point_only()
    {
        // Seen from second 50 with 5, 15, ... 105: 100 more in 10 s; the zero point is 0.5 s before the first sample,
        // so the increase counts over 10.5 s: 105 in a 60 s window.
        var h = History(60, ("c_total", Labels(), i => i < 50 ? null : 5 + 10 * (i - 50)));
        var samples = h.Select("c_total", [], T0, T0 + 60_000).Single().Samples;
        Assert.Equal(105.0 / 60, PromQlEvaluator.ExtrapolatedRate(samples, T0, T0 + 60_000, 60)!.Value, 12);
    }

    [Fact]
    public void A_counter_reset_adds_the_value_before_it()
    {
        // 0, 10, ... 300 at second 30, then a restart: 0, 10, ... 300 again: 600 over the minute.
        var h = History(60, ("c_total", Labels(), i => i <= 30 ? 10 * i : 10 * (i - 30) - 10 + 10));
        var samples = h.Select("c_total", [], T0, T0 + 60_000).Single().Samples;
        Assert.Equal(600.0 / 60, PromQlEvaluator.ExtrapolatedRate(samples, T0, T0 + 60_000, 60)!.Value, 12);
    }

    [Fact]
    public void One_sample_gives_no_rate()
    {
        var h = History(60, ("c_total", Labels(), i => i == 60 ? 5 : null));
        Assert.Empty(new PromQlEvaluator(h).Evaluate(TemplateShapes.Check("sum(rate(c_total[1m])) / sum(rate(c_total[1m]))"), T0 + 60_000).Vector);
    }

    [Fact]
    public void The_success_rate_template_divides_the_grays_non_5xx_rate_by_its_whole_rate_and_ignores_other_versions()
    {
        // v3: 7 answers of 200 and 3 of 503 a second; v1 (another version) only 503s, which must not count.
        var h = History(60,
            ("istio_requests_total", Istio("v3", "200"), i => 7 * i),
            ("istio_requests_total", Istio("v3", "503"), i => 3 * i),
            ("istio_requests_total", Istio("v1", "503"), i => 50 * i));
        Assert.Equal(0.7, Single(h, SuccessRate, T0 + 60_000), 12);
    }

    [Fact]
    public void A_gray_with_no_errors_has_a_success_rate_of_exactly_one()
    {
        var h = History(60, ("istio_requests_total", Istio("v3", "200"), i => 5 * i));
        Assert.Equal(1.0, Single(h, SuccessRate, T0 + 60_000));
    }

    [Fact]
    public void The_latency_template_interpolates_p99_inside_its_bucket()
    {
        // Per second: 90 answers at most 25 ms, 10 more between 25 and 50 ms. Rank 0.99 · 100 = 99 falls in (25, 50]:
        // 25 + 25 · (99 - 90) / 10 = 47.5 ms.
        var buckets = new (string Le, double PerSecond)[] { ("10", 0), ("25", 90), ("50", 100), ("+Inf", 100) };
        var h = History(60, [.. buckets.Select(b => ("istio_request_duration_milliseconds_bucket",
            new Dictionary<string, string>(Istio("v3", "200")) { ["le"] = b.Le }, (Func<int, double?>)(i => b.PerSecond * i)))]);
        Assert.Equal(47.5, Single(h, LatencyP99, T0 + 60_000), 9);
        // ingress-nginx's template: seconds times 1000.
        Assert.Equal(47500, Single(h, LatencyP99 + " * 1000", T0 + 60_000), 6);
    }

    [Fact]
    public void Bucket_quantile_follows_prometheus_at_the_edges()
    {
        Assert.True(double.IsNaN(PromQlEvaluator.BucketQuantile(0.99, [(10, 5)])));                         // no +Inf bucket
        Assert.True(double.IsNaN(PromQlEvaluator.BucketQuantile(0.99, [(10, 0), (double.PositiveInfinity, 0)]))); // no observations
        Assert.Equal(10, PromQlEvaluator.BucketQuantile(0.99, [(10, 5), (double.PositiveInfinity, 100)]));     // rank in +Inf: the highest finite bound
        Assert.Equal(5, PromQlEvaluator.BucketQuantile(0.5, [(10, 10), (double.PositiveInfinity, 10)]));       // first bucket starts at 0
        Assert.Equal(7.5, PromQlEvaluator.BucketQuantile(0.75, [(10, 10), (5, 5), (double.PositiveInfinity, 8)])); // sorted, made monotonic
    }

    [Theory]
    [InlineData("up")]
    [InlineData("sum(rate(istio_requests_total[1m]))")]
    [InlineData("rate(istio_requests_total[1m]) / rate(istio_requests_total[1m])")]
    [InlineData("sum by (le) (rate(x[1m])) / sum(rate(x[1m]))")]
    [InlineData("histogram_quantile(0.99, sum by (le) (rate(istio_requests_total[1m])))")]
    [InlineData("histogram_quantile(0.99, sum(rate(x_bucket[1m])))")]
    [InlineData("histogram_quantile(0.99, sum by (le) (rate(x_bucket[1m]))) / 1000")]
    public void Other_query_shapes_are_bad_data_naming_the_shapes_answered(string query)
    {
        var ex = Assert.Throws<PromQlException>(() => TemplateShapes.Check(query));
        Assert.Equal(TemplateShapes.Answered, ex.Message);
    }

    [Theory]
    [InlineData("sum(rate(istio_requests_total[1m])", "1:35: parse error: unclosed left parenthesis")]
    [InlineData("syntax error here", "1:8: parse error: unexpected identifier \"error\"")]
    [InlineData("", "1:1: parse error: no expression found in input")]
    [InlineData("sum(irate(x[1m]))", "1:5: parse error: function \"irate\" is not answered by the local cluster")]
    [InlineData("sum(rate(x{a=~\"(\"}[1m]))", "1:15: parse error: invalid regular expression")]
    [InlineData("sum(rate(x[1q]))", "1:12: parse error: bad duration syntax: \"1q\"")]
    public void Queries_that_do_not_parse_are_bad_data_with_the_position(string query, string message)
    {
        var ex = Assert.Throws<PromQlException>(() => TemplateShapes.Check(query));
        Assert.StartsWith(message, ex.Message);
    }

    [Fact]
    public void Both_by_spellings_and_regex_matchers_are_the_same_query()
    {
        var h = History(60,
            ("x_total", Labels(("w", "web-v2"), ("code", "200")), i => 4 * i),
            ("x_total", Labels(("w", "api-v2"), ("code", "503")), i => 1 * i),
            ("x_total", Labels(("w", "db-v2"), ("code", "503")), i => 100 * i));
        Assert.Equal(0.8, Single(h, "sum(rate(x_total{w=~\"web-v2|api-v2\",code!~\"5..\"}[1m])) / sum(rate(x_total{w=~\"web-v2|api-v2\"}[1m]))", T0 + 60_000), 12);
        var buckets = History(10, ("d_bucket", Labels(("le", "1")), i => i), ("d_bucket", Labels(("le", "+Inf")), i => i));
        Assert.Equal(Single(buckets, "histogram_quantile(0.5, sum by (le) (rate(d_bucket[1m])))", T0 + 10_000),
            Single(buckets, "histogram_quantile(0.5, sum(rate(d_bucket[1m])) by (le))", T0 + 10_000));
    }

    [Fact]
    public void The_history_forgets_what_is_older_than_its_retention()
    {
        var h = new SeriesHistory(TimeSpan.FromSeconds(30));
        for (var i = 0; i <= 100; i++)
            h.Record(T0 + i * 1000L, i < 50 ? [new MetricSample("old_total", Labels(), i), new MetricSample("c_total", Labels(), i)] : [new MetricSample("c_total", Labels(), i)]);
        Assert.Equal(1, h.SeriesCount); // old_total was last seen 50 s ago
        var kept = h.Select("c_total", [], 0, long.MaxValue).Single().Samples;
        Assert.Equal(T0 + 70_000, kept[0].Time);
        Assert.Equal(70, kept[0].Value);
        Assert.Equal(31, kept.Count);
    }

    [Theory]
    [InlineData(0.5, "0.5")]
    [InlineData(1.0, "1")]
    [InlineData(1e-5, "0.00001")]
    [InlineData(-2.5e-7, "-0.00000025")]
    [InlineData(1e21, "1000000000000000000000")]
    [InlineData(1.5e22, "15000000000000000000000")]
    [InlineData(double.NaN, "NaN")]
    [InlineData(double.PositiveInfinity, "+Inf")]
    public void Values_are_written_as_prometheus_writes_them(double value, string text) => Assert.Equal(text, PromNumber.Format(value));
}
