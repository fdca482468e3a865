using Graylane.Core.Json;
using Graylane.Tests.Approvals.Support;

namespace Graylane.Tests.Workflows.GitHub;

/// <summary>
/// examples/github/progressive-canary.yml end to end: one shift-traffic step walks 10 → 50 → 100 % with the Istio
/// templates answered by a fake Prometheus (a skip-ahead clock stands in for the step intervals), then promotes; a bad
/// success rate rolls back at the first step and promote never runs.
/// </summary>
public class ProgressiveExampleTests
{
    private const string GitHubToken = "ghs_ProgressiveExampleToken0123456789";
    private const string PrometheusToken = "prom-ProgressiveExample-0123456789";

    private static async Task<(WorkflowRun Run, List<string> Queries)> RunAsync(ExampleCluster cluster, string successRate)
    {
        await using var github = await ReviewerGitHub.StartAsync(GitHubToken);
        var clock = SkipAheadClock.StartingAt2026();
        await using var prometheus = await FakePrometheus.StartWithTokenAsync(clock, PrometheusToken);
        prometheus.Answer = query => query.StartsWith("histogram_quantile", StringComparison.Ordinal) ? "120" : successRate;
        var settings = new WorkflowRunSettings
        {
            Kubeconfig = cluster.Kubeconfig,
            Inputs = { ["image"] = "docker.io/istio/examples-bookinfo-reviews-v2:1.16.2", ["version"] = "v2" },
            Vars = { ["PROMETHEUS_URL"] = prometheus.Url.ToString() },
            Secrets = { ["PROMETHEUS_TOKEN"] = PrometheusToken },
            Clock = clock,
        };
        settings.GitHub["token"] = github.Token;
        settings.GitHub["api_url"] = github.ApiUrl.ToString().TrimEnd('/');
        var run = await GitHubExampleRun.RunAsync("progressive-canary.yml", settings);
        Assert.DoesNotContain(PrometheusToken, run.Log.Replace("::add-mask::" + PrometheusToken, ""));
        return (run, prometheus.Queries.ToList());
    }

    [Fact]
    public async Task A_good_release_walks_10_50_100_with_both_gates_then_promotes()
    {
        await using var cluster = await ExampleCluster.StartAsync(ExampleSeeds.Reviews, "reviews-v1");

        var (run, queries) = await RunAsync(cluster, "0.998");

        Assert.True(run.Job("release").Result == "success", run.Log);
        var step = run.Job("release").Step("progressive");
        Assert.Equal("100", step.Outputs["gray-weight"]);
        Assert.Contains("#### Progress: every step passed (10% → 50% → 100%)", step.Summary);
        Assert.Contains("```mermaid", step.Summary);
        // Each gate once before any write and once per step, for the gray workload in namespace shop.
        Assert.Equal(8, queries.Count);
        Assert.All(queries, q => Assert.Contains("destination_workload_namespace=\"shop\",destination_workload=\"reviews-v2\",destination_version=\"v2\"", q));
        Assert.Equal(new Dictionary<string, int> { ["v2"] = 40 }, cluster.Served("reviews"));
        Assert.Null(cluster.Deployment("reviews-v1"));
        var record = GraylaneJson.Deserialize((string)cluster.Get("v1", "ConfigMap", "graylane-reviews")!["data"]!["release.json"]!);
        Assert.Equal([10, 50, 100], record.Progressive!.Reached.Select(r => r.Weight));
    }

    [Fact]
    public async Task A_bad_success_rate_rolls_back_at_the_first_step_and_promote_never_runs()
    {
        await using var cluster = await ExampleCluster.StartAsync(ExampleSeeds.Reviews, "reviews-v1");

        var (run, _) = await RunAsync(cluster, "0.7");

        Assert.Equal("failure", run.Job("release").Result);
        Assert.Equal("failure", run.Job("release").Step("progressive").Outcome);
        Assert.Contains("gate success-rate: FAIL 0.7 < min 0.99", run.Log);
        Assert.Equal(new Dictionary<string, int> { ["v1"] = 40 }, cluster.Served("reviews"));
        Assert.Null(cluster.Deployment("reviews-v2"));
        Assert.NotNull(cluster.Deployment("reviews-v1"));
    }
}
