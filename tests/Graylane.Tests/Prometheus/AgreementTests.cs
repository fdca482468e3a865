using Graylane.Approvals.Gates;
using Graylane.LocalCluster.Metrics;
using Graylane.Tests.Support;
using Xunit.Abstractions;

namespace Graylane.Tests.Prometheus;

/// <summary>
/// The local cluster's Prometheus API against a real one: the same gate templates, evaluated at the same instant over the
/// same traffic (the real Prometheus scraping /metrics every second, the local API sampling the same counters every
/// second), give the same verdict and nearly the same value — on a good release, on one answering 503 to 30%, and on one
/// slowed to 800 ms. Skipped where prometheus is not on the PATH.
/// </summary>
public class AgreementTests(ITestOutputHelper output)
{
    [ToolTheory("prometheus")]
    [InlineData(null, null)]
    [InlineData(ResponseFaults.ErrorRateAnnotation, "0.3")]
    [InlineData(ResponseFaults.LatencyAnnotation, "800")]
    public async Task The_templates_get_the_same_verdict_from_prometheus_and_the_local_cluster(string? annotation, string? value)
    {
        await using var g = await GatedCanary.StartAsync(weight: 50, realPrometheus: true, annotation is null ? null : (annotation, value!));
        var target = new TemplateTarget("istio", "default", ["reviews-v2"], "v2", "reviews", TimeSpan.FromSeconds(3));
        var gates = new[] { "success-rate:min=0.99", "latency-p99:max=500ms" }.Select(t => GateTemplates.Expand(GateTemplate.Parse(t), target)).ToList();
        foreach (var gate in gates)
        {
            Assert.NotNull(await g.Real!.WaitForValueAsync(gate.Query));
            Assert.NotNull(await g.Local.WaitForValueAsync(gate.Query));
        }
        // Both have scraped the instant two seconds ago (each samples every second).
        await Task.Delay(TimeSpan.FromSeconds(2));
        var at = DateTimeOffset.UtcNow - TimeSpan.FromSeconds(2);

        var verdicts = new List<bool>();
        foreach (var gate in gates)
        {
            var real = (await g.Real!.QueryAsync(gate.Query, at))!.Value;
            var local = (await g.Local.QueryAsync(gate.Query, at))!.Value;
            output.WriteLine($"{gate.Name}: prometheus {real}, local cluster {local}");
            Assert.Equal(gate.Check(real).Passed, gate.Check(local).Passed);
            Assert.InRange(local, real * 0.9, real * 1.1);
            verdicts.Add(gate.Check(local).Passed);
        }
        Assert.Equal(annotation is null, verdicts.All(v => v)); // the good release passes both, a bad one fails one
    }
}
