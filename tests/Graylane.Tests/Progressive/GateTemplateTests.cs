using Graylane.Approvals.Gates;
using Graylane.Core.Validation;

namespace Graylane.Tests.Progressive;

/// <summary>--gate templates: parsed before anything is read, expanded per router to the exact queries docs/analysis.md lists.</summary>
public class GateTemplateTests
{
    private static TemplateTarget Target(string router, TimeSpan? window = null) =>
        new(router, "shop", ["reviews-v2"], "v2", "reviews", window ?? TimeSpan.FromMinutes(2));

    [Fact]
    public void Success_rate_on_istio_reads_istio_requests_total_for_the_gray_workload_and_version()
    {
        var gate = GateTemplates.Expand(GateTemplate.Parse("success-rate:min=0.99"), Target("istio"));
        Assert.Equal("success-rate", gate.Name);
        Assert.Equal(0.99, gate.Min);
        Assert.Equal(
            "sum(rate(istio_requests_total{reporter=\"destination\",destination_workload_namespace=\"shop\",destination_workload=\"reviews-v2\",destination_version=\"v2\",response_code!~\"5..\"}[2m]))" +
            " / sum(rate(istio_requests_total{reporter=\"destination\",destination_workload_namespace=\"shop\",destination_workload=\"reviews-v2\",destination_version=\"v2\"}[2m]))",
            gate.Query);
    }

    [Fact]
    public void Latency_p99_on_istio_is_a_histogram_quantile_in_milliseconds()
    {
        var gate = GateTemplates.Expand(GateTemplate.Parse("latency-p99:max=500ms"), Target("lanes", TimeSpan.FromSeconds(5)));
        Assert.Equal(500, gate.Max);
        Assert.Equal(
            "histogram_quantile(0.99, sum by (le) (rate(istio_request_duration_milliseconds_bucket{reporter=\"destination\",destination_workload_namespace=\"shop\",destination_workload=\"reviews-v2\",destination_version=\"v2\"}[1m])))",
            gate.Query);
    }

    [Fact]
    public void Nginx_reads_the_canary_requests_of_the_ingress()
    {
        var gate = GateTemplates.Expand(GateTemplate.Parse("success-rate:min=99%"), Target("nginx"));
        Assert.Equal(0.99, gate.Min!.Value, 6);
        Assert.Equal(
            "sum(rate(nginx_ingress_controller_requests{namespace=\"shop\",ingress=\"reviews\",canary!=\"\",status!~\"5..\"}[2m]))" +
            " / sum(rate(nginx_ingress_controller_requests{namespace=\"shop\",ingress=\"reviews\",canary!=\"\"}[2m]))",
            gate.Query);
        var latency = GateTemplates.Expand(GateTemplate.Parse("latency-p99:max=0.5s"), Target("nginx"));
        Assert.Equal(500, latency.Max);
        Assert.EndsWith("[2m]))) * 1000", latency.Query);
    }

    [Fact]
    public void A_plain_service_needs_your_own_query()
    {
        var ex = Assert.Throws<InvalidInputException>(() => GateTemplates.Expand(GateTemplate.Parse("success-rate:min=0.99"), Target("service")));
        Assert.Equal("gate", ex.Input);
        Assert.Contains("--router service needs your own query", ex.Message);
        Assert.Contains("name=success-rate;query=<PromQL over your app's metrics>;min=0.99", ex.Message);
    }

    [Theory]
    [InlineData("error-rate:max=0.01", "unknown template \"error-rate\"")]
    [InlineData("success-rate:", "needs a threshold")]
    [InlineData("success-rate:min=1.5", "above 1")]
    [InlineData("latency-p99:max=fast", "is not a duration")]
    [InlineData("latency-p99:below=5", "unknown part \"below\"")]
    public void Bad_templates_are_refused(string text, string why)
    {
        var ex = Assert.Throws<InvalidInputException>(() => GateTemplate.Parse(text));
        Assert.Equal("gate", ex.Input);
        Assert.Contains(why, ex.Message);
    }

    [Fact]
    public void The_three_gate_forms_are_told_apart()
    {
        var gates = AnalysisGates.Parse(["success-rate:min=0.99", "name=errors;query=sum(rate(x{a=\"b:c\"}[1m]));max=1", "webhook=http://loadtester.test/gate?token=s3cret"]);
        Assert.Equal("success-rate", Assert.Single(gates.Templates).Template);
        Assert.Equal("errors", Assert.Single(gates.Queries).Name);
        Assert.Equal("webhook http://loadtester.test/gate", Assert.Single(gates.Webhooks).Name);
        var ex = Assert.Throws<InvalidInputException>(() => AnalysisGates.Parse(["webhook=ftp://x/y"]));
        Assert.Contains("is not an http(s) URL", ex.Message);
    }
}
