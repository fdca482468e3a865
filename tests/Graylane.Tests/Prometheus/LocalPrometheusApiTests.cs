using System.Net;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Graylane.Approvals.Gates;
using Graylane.Tests.Progressive;
using Graylane.Tests.Support;

namespace Graylane.Tests.Prometheus;

/// <summary>
/// The local cluster's Prometheus HTTP API as a client meets it, no Prometheus needed: every template's expansion for
/// every router that has templates is answered; any other query is Prometheus' bad_data (400, its JSON envelope), which a
/// --gate turns into bad input before any write; query_range and form POSTs work as Prometheus' do; and `graylane sandbox`
/// prints the API's URL at start.
/// </summary>
public partial class LocalPrometheusApiTests
{
    private static readonly HttpClient Http = new() { Timeout = TimeSpan.FromSeconds(10) };

    [GeneratedRegex(@"^Prometheus API: (http://127\.0\.0\.1:\d+/)$", RegexOptions.Multiline)]
    private static partial Regex ApiLine();

    public static TheoryData<string, string> TemplateExpansions()
    {
        var data = new TheoryData<string, string>();
        foreach (var router in GateTemplates.IstioRouters.Concat(GateTemplates.NginxRouters))
            foreach (var template in new[] { "success-rate:min=0.99", "latency-p99:max=500ms" })
            {
                // The lane routers name several gray workloads (a regex matcher); Istio one.
                var workloads = router == "istio" ? new[] { "reviews-v2" } : ["mocka-v2", "mockc-v2"];
                var target = new TemplateTarget(router, "default", workloads, "v2", "reviews", TimeSpan.FromMinutes(2), Ingress: "reviews");
                data.Add(router, GateTemplates.Expand(GateTemplate.Parse(template), target).Query);
            }
        return data;
    }

    [Theory]
    [MemberData(nameof(TemplateExpansions))]
    public async Task Every_template_expansion_is_answered(string router, string query)
    {
        await using var c = await ClusterFixture.StartAsync();

        var body = await new PrometheusEndpoint(c.Server.PrometheusUrl).RawAsync(query);

        var json = JsonNode.Parse(body)!;
        Assert.True((string?)json["status"] == "success", $"{router}: {body}");
        Assert.Equal("vector", (string?)json["data"]!["resultType"]);
    }

    [Theory]
    [InlineData("up")]
    [InlineData("sum(rate(istio_requests_total[5m]))")]
    [InlineData("sum(rate(istio_requests_total[5m])")]
    public async Task Any_other_query_is_bad_data_in_prometheus_envelope(string query)
    {
        await using var c = await ClusterFixture.StartAsync();

        using var r = await Http.GetAsync(new Uri(c.Server.PrometheusUrl, "api/v1/query?query=" + Uri.EscapeDataString(query)));

        Assert.Equal(HttpStatusCode.BadRequest, r.StatusCode);
        var json = JsonNode.Parse(await r.Content.ReadAsStringAsync())!;
        Assert.Equal("error", (string?)json["status"]);
        Assert.Equal("bad_data", (string?)json["errorType"]);
        Assert.StartsWith("invalid parameter \"query\": ", (string?)json["error"]);
    }

    [Fact]
    public async Task A_range_query_posted_as_a_form_answers_a_matrix_of_the_success_rate_over_time()
    {
        await using var g = await GatedCanary.StartAsync(weight: 50, realPrometheus: false);
        const string query = "sum(rate(istio_requests_total{reporter=\"destination\",destination_version=\"v2\",response_code!~\"5..\"}[1m])) / " +
                             "sum(rate(istio_requests_total{reporter=\"destination\",destination_version=\"v2\"}[1m]))";
        Assert.Equal(1.0, await g.Local.WaitForValueAsync(query));
        var now = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds() / 1000.0; // an instant at which the value above was there
        string Seconds(double t) => t.ToString("0.###", System.Globalization.CultureInfo.InvariantCulture);

        using var form = new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["query"] = query, ["start"] = Seconds(now - 4), ["end"] = Seconds(now), ["step"] = "1s",
        });
        using var r = await Http.PostAsync(new Uri(g.Cluster.Server.PrometheusUrl, "api/v1/query_range"), form);

        var json = JsonNode.Parse(await r.Content.ReadAsStringAsync())!;
        Assert.Equal("matrix", (string?)json["data"]!["resultType"]);
        var values = Assert.Single(json["data"]!["result"]!.AsArray())!["values"]!.AsArray();
        Assert.InRange(values.Count, 1, 5); // the instants with two samples of the gray's series in their window
        Assert.All(values, v => Assert.Equal("1", (string?)v![1]));
        Assert.Equal(now, (double)values[^1]![0]!, 3); // the last point is at end
    }

    [Fact]
    public async Task A_gate_query_the_local_api_rejects_is_bad_input_quoting_its_error_before_any_write()
    {
        await using var s = await ProgressiveScenario.StartAsync();
        var writes = await s.Cluster.WritesAsync();

        var (code, host) = await s.ShiftAsync(TimeProvider.System, ("steps", "10,100"), ("gate", "name=bad;query=sum(rate(istio_requests_total[1m]);min=1"),
            ("prometheus-url", s.Cluster.Server.PrometheusUrl.ToString()));

        Assert.True(code == 2, host.Log);
        Assert.EndsWith("--gate bad: Prometheus rejected the query: Prometheus error bad_data: invalid parameter \"query\": 1:35: parse error: unclosed left parenthesis",
            Assert.Single(host.Errors));
        Assert.Equal(writes, await s.Cluster.WritesAsync());
    }

    [Fact]
    public async Task The_sandbox_prints_its_prometheus_api_at_start_and_it_answers_the_templates()
    {
        await using var p = GraylaneProcess.Start(asPid1: false, null, "sandbox");
        Match line = Match.Empty;
        for (var i = 0; i < 600 && !(line = ApiLine().Match(p.Output)).Success && !p.HasExited; i++) await Task.Delay(50);
        Assert.True(line.Success, p.Output);

        var api = new PrometheusEndpoint(new Uri(line.Groups[1].Value));
        var target = new TemplateTarget("istio", "default", ["web-v2"], "v2", "web", TimeSpan.FromMinutes(2));
        Assert.Null(await api.QueryAsync(GateTemplates.Expand(GateTemplate.Parse("success-rate:min=0.99"), target).Query)); // no traffic yet: no series
        Assert.Contains("\"errorType\":\"bad_data\"", await api.RawAsync("up"));

        GraylaneProcess.Signal(p.GraylanePid(asPid1: false), GraylaneProcess.SIGTERM);
        Assert.Equal(0, await p.WaitAsync(TimeSpan.FromSeconds(30)));
    }
}
