using Graylane.Tests.Approvals.Support;

namespace Graylane.Tests.Workflows.Azure;

/// <summary>
/// Every example under examples/azure-pipelines, run end to end by the local pipeline runner on a local cluster
/// seeded with the app it releases, through the tasks' real contract (INPUT_*, ENDPOINT_*, ##vso output variables).
/// </summary>
public class AzureExampleTests
{
    private static string PathOf(string file) => RepositoryRoot.File(Path.Combine("examples", "azure-pipelines", file));

    private static async Task<PipelineRun> RunAsync(ExampleCluster cluster, string file, Dictionary<string, string>? parameters = null,
        Func<string, string, bool>? review = null, Dictionary<string, string>? variables = null, TimeProvider? clock = null)
    {
        var settings = new PipelineRunSettings
        {
            Kubeconfig = cluster.Kubeconfig, Parameters = parameters ?? [], Review = review ?? ((_, _) => true), Clock = clock,
        };
        foreach (var (k, v) in variables ?? []) settings.Variables[k] = v;
        var run = await new AzurePipelineRunner(settings).RunAsync(PathOf(file));
        Assert.DoesNotContain("graylane-local-token", run.Log.Replace("##vso[task.setsecret]graylane-local-token", ""));
        return run;
    }

    [Fact]
    public async Task S4_blue_green_with_two_manual_validations_switches_the_service_and_scales_the_old_version_down()
    {
        await using var cluster = await ExampleCluster.StartAsync(ExampleSeeds.Nginx, "nginx");
        var reviews = new List<string>();

        var run = await RunAsync(cluster, "service-blue-green.yml", new() { ["image"] = "nginx:1.27", ["version"] = "v2" },
            (job, what) => { reviews.Add($"{job}:{what}:{cluster.Selector("nginx-service")}"); return true; });

        Assert.True(run.Result("promote") == "Succeeded", run.Log);
        Assert.Equal("Skipped", run.Result("rollback"));
        // The first checkpoint saw no traffic on v2, the second all of it.
        Assert.Equal(["check_gray:ManualValidation:v1", "check_traffic:ManualValidation:v2", "promote:environment production:v2"], reviews);
        Assert.Equal("nginx-v2", run.Step("gray", "deploy", "gray").Outputs["grayWorkload"]);
        Assert.Equal("nginx-v2", run.Step("gray", "deploy", "gray").Outputs["gray-workload"]);
        // The next job read them through $[ dependencies.deploy.outputs['gray.grayWorkload'] ].
        Assert.Contains("(Deployment nginx-v2) is ready and takes no traffic; nginx serves it all.", run.Log);
        Assert.Equal("v2", cluster.Selector("nginx-service"));
        Assert.Equal(0, cluster.Replicas("nginx"));
        Assert.Equal(new Dictionary<string, int> { ["v2"] = 40 }, cluster.Served("nginx-service"));
    }

    [Fact]
    public async Task S4_a_checkpoint_that_times_out_rejects_and_the_rollback_stage_restores_the_old_version()
    {
        await using var cluster = await ExampleCluster.StartAsync(ExampleSeeds.Nginx, "nginx");

        // onTimeout: reject — a timed-out ManualValidation fails its job like a rejection.
        var run = await RunAsync(cluster, "service-blue-green.yml", new() { ["image"] = "nginx:1.27", ["version"] = "v2" },
            (job, _) => job != "check_traffic");

        Assert.Equal("Failed", run.Result("switch"));
        Assert.Equal("Skipped", run.Result("promote"));
        Assert.True(run.Result("rollback") == "Succeeded", run.Log);
        Assert.Equal("v1", cluster.Selector("nginx-service"));
        Assert.Null(cluster.Deployment("nginx-v2"));
        Assert.Equal(new Dictionary<string, int> { ["v1"] = 40 }, cluster.Served("nginx-service"));
        Assert.Contains("run 20261126.1 was rejected", cluster.Get("v1", "ConfigMap", "graylane-nginx-service")!.ToJsonString());
    }

    [Fact]
    public async Task S2_istio_canary_with_step_outputs_testers_and_promote()
    {
        await using var cluster = await ExampleCluster.StartAsync(ExampleSeeds.Reviews, "reviews-v1");
        var seen = new Dictionary<string, Dictionary<string, int>>();

        var run = await RunAsync(cluster, "istio-canary.yml", review: (job, what) =>
        {
            seen[$"{job}:{what}"] = cluster.Served("reviews", 200);
            return true;
        });

        Assert.True(run.Result("promote") == "Succeeded", run.Log);
        Assert.Equal("20", run.Step("canary", "canary", "testers").Outputs["gray-weight"]);   // the testers' rule kept the weight
        Assert.InRange(seen["approve_half:ManualValidation"].GetValueOrDefault("v2"), 20, 60);
        Assert.InRange(seen["shift:environment production"].GetValueOrDefault("v2"), 70, 130);
        Assert.Equal(200, seen["promote:environment production"].GetValueOrDefault("v2"));
        Assert.Null(cluster.Deployment("reviews-v1"));
        Assert.Equal(new Dictionary<string, int> { ["v2"] = 40 }, cluster.Served("reviews", headers: new() { ["end-user"] = "jason" }));
        Assert.Equal(new Dictionary<string, int> { ["v2"] = 40 }, cluster.Served("reviews"));
    }

    [Fact]
    public async Task S1_rule_based_gray_then_the_production_stage_updates_the_baseline()
    {
        await using var cluster = await ExampleCluster.StartAsync(ExampleSeeds.SpringCloudA, "spring-cloud-a", "spring-cloud-a-gray");
        const string image = "registry.example.com/shop/spring-cloud-a:0123456789abcdef0123456789abcdef01234567";

        var run = await RunAsync(cluster, "rule-based-gray.yml", review: (_, _) =>
        {
            Assert.Equal(new Dictionary<string, int> { ["gray"] = 20 }, cluster.Served("spring-cloud-a", 20, query: new() { ["name"] = "xiaoming" }));
            Assert.Equal(new Dictionary<string, int> { ["base"] = 40 }, cluster.Served("spring-cloud-a"));
            return true;
        });

        Assert.True(run.Result("production") == "Succeeded", run.Log);
        Assert.Equal(image, cluster.Image("spring-cloud-a-gray"));
        Assert.Equal(image, cluster.Image("spring-cloud-a"));
    }

    [Fact]
    public async Task S5_istio_blue_green_rejected_at_confirm_rolls_back_then_a_second_run_confirms()
    {
        await using var cluster = await ExampleCluster.StartAsync(ExampleSeeds.Reviews, "reviews-v1");
        var parameters = new Dictionary<string, string> { ["image"] = "docker.io/istio/examples-bookinfo-reviews-v2:1.16.2", ["version"] = "v2" };

        var rejected = await RunAsync(cluster, "istio-blue-green.yml", parameters, (job, _) => job != "confirm");
        Assert.Equal("Failed", rejected.Result("confirm"));
        Assert.True(rejected.Result("rollback") == "Succeeded", rejected.Log);
        Assert.Equal(new Dictionary<string, int> { ["v1"] = 40 }, cluster.Served("reviews"));
        Assert.Null(cluster.Deployment("reviews-v2"));

        parameters["version"] = "v3";
        var confirmed = await RunAsync(cluster, "istio-blue-green.yml", parameters);
        Assert.True(confirmed.Result("confirm") == "Succeeded", confirmed.Log);
        Assert.Equal(new Dictionary<string, int> { ["v3"] = 40 }, cluster.Served("reviews"));
        Assert.Null(cluster.Deployment("reviews-v1"));
    }

    [Fact]
    public async Task The_rollback_pipeline_restores_a_promoted_release()
    {
        await using var cluster = await ExampleCluster.StartAsync(ExampleSeeds.Nginx, "nginx");
        var release = await RunAsync(cluster, "service-blue-green.yml", new() { ["image"] = "nginx:1.27", ["version"] = "v2" });
        Assert.True(release.Result("promote") == "Succeeded", release.Log);

        var run = await RunAsync(cluster, "rollback.yml", new() { ["app"] = "nginx-service", ["reason"] = "errors in checkout" });

        Assert.True(run.Result("rollback") == "Succeeded", run.Log);
        Assert.Equal("v1", run.Step("rollback", "rollback", "rollback").Outputs["version"]);
        Assert.Equal("v1", cluster.Selector("nginx-service"));
        Assert.Equal(2, cluster.Replicas("nginx"));
        Assert.Contains("errors in checkout (by Ada Lovelace)", cluster.Get("v1", "ConfigMap", "graylane-nginx-service")!.ToJsonString());
    }

    [Fact]
    public async Task Approval_with_gates_on_the_agent_and_manual_validation_without_one_promotes()
    {
        await using var cluster = await ExampleCluster.StartAsync(ExampleSeeds.Nginx, "nginx");
        var clock = SkipAheadClock.StartingAt2026();   // the gate's 10m analysis and the 10m scale-down delay
        await using var prometheus = await FakePrometheus.StartAsync(clock, "0.997");
        var reviews = new List<string>();

        var run = await RunAsync(cluster, "approval-manual-validation.yml", new() { ["image"] = "nginx:1.27" },
            (job, what) => { reviews.Add($"{job}:{what}"); return true; },
            new() { ["PROMETHEUS_URL"] = prometheus.Url.ToString() }, clock);

        Assert.True(run.Result("promote") == "Succeeded", run.Log);
        Assert.Equal("Skipped", run.Result("rollback"));
        Assert.Equal(["approve:ManualValidation", "promote:environment production"], reviews);
        Assert.InRange(prometheus.Queries.Count, 10, 12);   // every minute of the 10m analysis
        Assert.All(prometheus.Queries, q => Assert.Contains("namespace=\"shop\"", q));
        var gray = cluster.Selector("nginx-service")!;   // the version deploy-gray named (a timestamp)
        Assert.NotEqual("v1", gray);
        Assert.Equal("nginx:1.27", cluster.Image($"nginx-{gray}"));
        Assert.Equal(new Dictionary<string, int> { [gray] = 40 }, cluster.Served("nginx-service"));
        Assert.Equal(0, cluster.Replicas("nginx"));
    }

    [Fact]
    public async Task Approval_rejected_at_manual_validation_runs_the_rollback_stage()
    {
        await using var cluster = await ExampleCluster.StartAsync(ExampleSeeds.Nginx, "nginx");
        var clock = SkipAheadClock.StartingAt2026();
        await using var prometheus = await FakePrometheus.StartAsync(clock, "0.997");

        var run = await RunAsync(cluster, "approval-manual-validation.yml", new() { ["image"] = "nginx:1.27" },
            (job, _) => job != "approve", new() { ["PROMETHEUS_URL"] = prometheus.Url.ToString() }, clock);

        Assert.Equal("Failed", run.Result("gray"));
        Assert.Equal("Skipped", run.Result("promote"));
        Assert.True(run.Result("rollback") == "Succeeded", run.Log);
        Assert.Equal("v1", cluster.Selector("nginx-service"));
        Assert.Equal(new Dictionary<string, int> { ["v1"] = 40 }, cluster.Served("nginx-service"));
        Assert.Equal(2, cluster.Replicas("nginx"));
    }

    [Fact]
    public async Task Approval_with_a_failing_gate_rolls_back_on_the_agent_before_anyone_is_asked()
    {
        await using var cluster = await ExampleCluster.StartAsync(ExampleSeeds.Nginx, "nginx");
        var clock = SkipAheadClock.StartingAt2026();
        await using var prometheus = await FakePrometheus.StartAsync(clock, "0.95");
        var reviews = new List<string>();

        var run = await RunAsync(cluster, "approval-manual-validation.yml", new() { ["image"] = "nginx:1.27" },
            (job, what) => { reviews.Add($"{job}:{what}"); return true; }, new() { ["PROMETHEUS_URL"] = prometheus.Url.ToString() }, clock);

        Assert.Equal("Failed", run.Result("gray"));
        Assert.Empty(reviews);
        Assert.True(run.Result("rollback") == "Succeeded", run.Log);
        Assert.Equal(new Dictionary<string, int> { ["v1"] = 40 }, cluster.Served("nginx-service"));
    }

    [Fact]
    public async Task A_progressive_release_walks_10_50_100_with_the_istio_gates_then_promotes()
    {
        await using var cluster = await ExampleCluster.StartAsync(ExampleSeeds.Reviews, "reviews-v1");
        var clock = SkipAheadClock.StartingAt2026();   // the 2m step intervals
        await using var prometheus = await FakePrometheus.StartAsync(clock);
        prometheus.Answer = query => query.StartsWith("histogram_quantile", StringComparison.Ordinal) ? "120" : "0.998";

        var run = await RunAsync(cluster, "progressive-canary.yml", variables: new() { ["PROMETHEUS_URL"] = prometheus.Url.ToString() }, clock: clock);

        Assert.True(run.Result("release") == "Succeeded", run.Log);
        Assert.Equal("100", run.Step("release", "release", "progressive").Outputs["gray-weight"]);
        Assert.Equal(8, prometheus.Queries.Count);   // two gates: once before any write, once per step
        Assert.Contains("##vso[task.uploadsummary]", run.Log);
        Assert.Equal(new Dictionary<string, int> { ["v2"] = 40 }, cluster.Served("reviews"));
        Assert.Null(cluster.Deployment("reviews-v1"));
    }

    [Fact]
    public async Task A_progressive_release_with_a_bad_success_rate_rolls_back_and_does_not_promote()
    {
        await using var cluster = await ExampleCluster.StartAsync(ExampleSeeds.Reviews, "reviews-v1");
        var clock = SkipAheadClock.StartingAt2026();
        await using var prometheus = await FakePrometheus.StartAsync(clock);
        prometheus.Answer = query => query.StartsWith("histogram_quantile", StringComparison.Ordinal) ? "120" : "0.7";

        var run = await RunAsync(cluster, "progressive-canary.yml", variables: new() { ["PROMETHEUS_URL"] = prometheus.Url.ToString() }, clock: clock);

        Assert.Equal("Failed", run.Result("release"));
        Assert.Equal("Failed", run.Step("release", "release", "progressive").Result);
        Assert.Contains("gate success-rate: FAIL 0.7 < min 0.99", run.Log);
        Assert.Equal(new Dictionary<string, int> { ["v1"] = 40 }, cluster.Served("reviews"));
        Assert.Null(cluster.Deployment("reviews-v2"));
    }
}
