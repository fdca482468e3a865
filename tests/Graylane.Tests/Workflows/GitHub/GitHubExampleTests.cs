namespace Graylane.Tests.Workflows.GitHub;

/// <summary>
/// Every runnable example under examples/github, run end to end by the local workflow runner on a local cluster
/// seeded with the app it releases; the assertions are the state the scenario promises at the end.
/// </summary>
public class GitHubExampleTests
{
    private const string GitHubToken = "ghs_ExampleReviewerToken0123456789";

    [Fact]
    public async Task S4_blue_green_with_two_approvals_switches_the_service_and_takes_the_old_version_offline()
    {
        await using var cluster = await ExampleCluster.StartAsync(ExampleSeeds.Nginx, "nginx");
        await using var github = await ReviewerGitHub.StartAsync(GitHubToken);
        github.Answer("alice", "approve");
        github.Answer("bob", "LGTM");

        var run = await GitHubExampleRun.RunAsync("service-blue-green.yml",
            GitHubExampleRun.Settings(cluster, github, new() { ["image"] = "nginx:1.27", ["version"] = "v2" }));

        Assert.True(run.Result("promote") == "success", run.Log);
        Assert.Equal("skipped", run.Result("rollback"));
        Assert.Equal("nginx-service", run.Job("gray").Outputs["app"]);
        Assert.Equal("v1", run.Job("gray").Outputs["baseline-version"]);
        Assert.Equal("approved", run.Job("gray").Step("check-gray").Outputs["decision"]);
        Assert.Contains("| Decision | **approved** |", run.Job("gray").Step("check-gray").Summary);   // the job summary file
        Assert.Equal("v2", cluster.Selector("nginx-service"));
        Assert.Equal(new Dictionary<string, int> { ["v2"] = 40 }, cluster.Served("nginx-service"));
        Assert.Equal(0, cluster.Replicas("nginx"));
        Assert.Equal("nginx:1.27", cluster.Image("nginx-v2"));
        // Two checkpoints, two issues, each answered, commented and closed; the second shows the expressions' values.
        Assert.Equal(2, github.Issues.Count);
        Assert.All(github.Issues, i => Assert.Equal("closed", i.State));
        Assert.Contains("`v2` has 100% of the traffic", github.Issues[1].Body);
    }

    [Fact]
    public async Task S4_denied_at_the_second_checkpoint_runs_the_rollback_job_and_the_old_version_serves_again()
    {
        await using var cluster = await ExampleCluster.StartAsync(ExampleSeeds.Nginx, "nginx");
        await using var github = await ReviewerGitHub.StartAsync(GitHubToken);
        github.Answer("alice", "approve");
        github.Answer("bob", "deny: p99 doubled");

        var run = await GitHubExampleRun.RunAsync("service-blue-green.yml",
            GitHubExampleRun.Settings(cluster, github, new() { ["image"] = "nginx:1.27", ["version"] = "v2" }));

        Assert.Equal("failure", run.Result("switch"));
        Assert.Equal("skipped", run.Result("promote"));
        Assert.True(run.Result("rollback") == "success", run.Log);
        Assert.Equal("v1", cluster.Selector("nginx-service"));
        Assert.Equal(new Dictionary<string, int> { ["v1"] = 40 }, cluster.Served("nginx-service"));
        Assert.Null(cluster.Deployment("nginx-v2"));
        Assert.Equal(2, cluster.Replicas("nginx"));
    }

    [Fact]
    public async Task The_rollback_workflow_restores_a_promoted_release_and_reports_its_status()
    {
        await using var cluster = await ExampleCluster.StartAsync(ExampleSeeds.Nginx, "nginx");
        await using var github = await ReviewerGitHub.StartAsync(GitHubToken);
        github.Answer("alice", "approve");
        github.Answer("alice", "approve");
        var release = await GitHubExampleRun.RunAsync("service-blue-green.yml",
            GitHubExampleRun.Settings(cluster, github, new() { ["image"] = "nginx:1.27", ["version"] = "v2" }));
        Assert.True(release.Result("promote") == "success", release.Log);

        var run = await GitHubExampleRun.RunAsync("rollback.yml", GitHubExampleRun.Settings(cluster, github,
            new() { ["app"] = "nginx-service", ["reason"] = "errors in checkout" }));

        Assert.True(run.Result("rollback") == "success", run.Log);
        Assert.Equal("v1", cluster.Selector("nginx-service"));
        Assert.Equal(2, cluster.Replicas("nginx"));
        Assert.Null(cluster.Deployment("nginx-v2"));
        Assert.Equal(new Dictionary<string, int> { ["v1"] = 40 }, cluster.Served("nginx-service"));
        // The root action (command: status) ran after it and read the release back.
        var status = run.Job("rollback").Steps[1];
        Assert.Equal("success", status.Outcome);
        Assert.Equal("RolledBack", status.Outputs["phase"]);
        Assert.Equal("v1", run.Job("rollback").Step("rollback").Outputs["version"]);
        Assert.Contains("errors in checkout (by octocat)", cluster.Get("v1", "ConfigMap", "graylane-nginx-service")!.ToJsonString());
    }

    [Fact]
    public async Task S2_istio_canary_steps_20_testers_50_100_then_promotes_and_v1_is_gone()
    {
        await using var cluster = await ExampleCluster.StartAsync(ExampleSeeds.Reviews, "reviews-v1");
        await using var github = await ReviewerGitHub.StartAsync(GitHubToken);
        var seen = new List<Dictionary<string, int>>();
        var settings = GitHubExampleRun.Settings(cluster, github,
            new() { ["image"] = "docker.io/istio/examples-bookinfo-reviews-v2:1.16.2", ["version"] = "v2" },
            reviewEnvironment: (job, _) =>
            {
                // What the reviewers see before approving each widening.
                seen.Add(cluster.Served("reviews", 200));
                if (job == "half")
                    Assert.Equal(new Dictionary<string, int> { ["v2"] = 20 }, cluster.Served("reviews", 20, headers: new() { ["end-user"] = "jason" }));
                return true;
            });

        var run = await GitHubExampleRun.RunAsync("istio-canary.yml", settings);

        Assert.True(run.Result("promote") == "success", run.Log);
        Assert.Equal("skipped", run.Result("rollback"));
        Assert.InRange(seen[0].GetValueOrDefault("v2"), 20, 60);    // 20% of 200, before the half review
        Assert.InRange(seen[1].GetValueOrDefault("v2"), 70, 130);   // 50%, before the production review
        Assert.Equal(200, seen[2].GetValueOrDefault("v2"));         // 100%, before promote; v1 still up
        Assert.Equal(new Dictionary<string, int> { ["v2"] = 40 }, cluster.Served("reviews"));
        Assert.Null(cluster.Deployment("reviews-v1"));
        var vs = cluster.Get("networking.istio.io/v1", "VirtualService", "reviews")!.ToJsonString();
        Assert.DoesNotContain("graylane-reviews-match", vs);           // the testers' routes went with promote
        Assert.Contains("\"admin\"", vs);                               // the user's other route stayed,
        var admin = System.Text.Json.Nodes.JsonNode.Parse(vs)!["spec"]!["http"]!.AsArray().First(r => (string?)r!["name"] == "admin")!;
        Assert.Equal("v2", (string?)admin["route"]![0]!["destination"]!["subset"]); // moved to v2 by move-routes (v1 is gone),
        Assert.Equal(403, (int)admin["fault"]!["abort"]!["httpStatus"]!);           // every other field kept
    }

    [Fact]
    public async Task S1_rule_based_gray_sends_only_testers_to_the_gray_workload_then_production_updates_the_baseline()
    {
        await using var cluster = await ExampleCluster.StartAsync(ExampleSeeds.SpringCloudA, "spring-cloud-a", "spring-cloud-a-gray");
        await using var github = await ReviewerGitHub.StartAsync(GitHubToken);
        var image = "registry.example.com/shop/spring-cloud-a:0123456789abcdef0123456789abcdef01234567";
        var settings = GitHubExampleRun.Settings(cluster, github, reviewEnvironment: (_, _) =>
        {
            // The gray stage's promise, checked while the production stage waits for its reviewer.
            Assert.Equal(image, cluster.Image("spring-cloud-a-gray"));
            Assert.Equal(new Dictionary<string, int> { ["gray"] = 20 }, cluster.Served("spring-cloud-a", 20, query: new() { ["name"] = "xiaoming" }));
            Assert.Equal(new Dictionary<string, int> { ["gray"] = 20 }, cluster.Served("spring-cloud-a", 20, cookies: new() { ["tester"] = "true" }));
            Assert.Equal(new Dictionary<string, int> { ["base"] = 40 }, cluster.Served("spring-cloud-a"));
            return true;
        });
        settings.GitHub["event_name"] = "push";

        var run = await GitHubExampleRun.RunAsync("rule-based-gray.yml", settings);

        Assert.True(run.Result("production") == "success", run.Log);
        Assert.Equal("skipped", run.Result("rollback"));
        Assert.Equal(image, cluster.Image("spring-cloud-a"));
        Assert.Equal("base", (string?)cluster.Deployment("spring-cloud-a")!["spec"]!["template"]!["metadata"]!["labels"]!["version"]);
        // Everyone else is served by the baseline, now on the verified image; the permanent gray stage keeps its testers.
        Assert.Equal(new Dictionary<string, int> { ["base"] = 40 }, cluster.Served("spring-cloud-a"));
        Assert.Equal(new Dictionary<string, int> { ["gray"] = 20 }, cluster.Served("spring-cloud-a", 20, query: new() { ["name"] = "xiaoming" }));
    }

    [Fact]
    public async Task S5_istio_blue_green_moves_0_to_100_and_confirm_removes_the_old_version()
    {
        await using var cluster = await ExampleCluster.StartAsync(ExampleSeeds.Reviews, "reviews-v1");
        await using var github = await ReviewerGitHub.StartAsync(GitHubToken);
        var seen = new Dictionary<string, Dictionary<string, int>>();
        var run = await GitHubExampleRun.RunAsync("istio-blue-green.yml", GitHubExampleRun.Settings(cluster, github,
            new() { ["image"] = "docker.io/istio/examples-bookinfo-reviews-v2:1.16.2", ["version"] = "v2" },
            reviewEnvironment: (job, _) => { seen[job] = cluster.Served("reviews"); return true; }));

        Assert.True(run.Result("confirm") == "success", run.Log);
        Assert.Equal(new Dictionary<string, int> { ["v1"] = 40 }, seen["switch"]);   // green ready, weight 0
        Assert.Equal(new Dictionary<string, int> { ["v2"] = 40 }, seen["confirm"]);  // all traffic moved, blue still up
        Assert.NotNull(cluster.Deployment("reviews-v2"));
        Assert.Null(cluster.Deployment("reviews-v1"));
        Assert.Equal(new Dictionary<string, int> { ["v2"] = 40 }, cluster.Served("reviews"));
    }

    [Fact]
    public async Task S5_rejected_confirmation_rolls_back_to_the_old_version_with_the_user_routes_as_they_were()
    {
        await using var cluster = await ExampleCluster.StartAsync(ExampleSeeds.Reviews, "reviews-v1");
        await using var github = await ReviewerGitHub.StartAsync(GitHubToken);
        var before = cluster.Get("networking.istio.io/v1", "VirtualService", "reviews")!["spec"]!.ToJsonString();

        var run = await GitHubExampleRun.RunAsync("istio-blue-green.yml", GitHubExampleRun.Settings(cluster, github,
            new() { ["image"] = "docker.io/istio/examples-bookinfo-reviews-v2:1.16.2", ["version"] = "v2" },
            reviewEnvironment: (job, _) => job != "confirm"));

        Assert.True(run.Result("switch") == "success", run.Log);
        Assert.Equal("failure", run.Result("confirm"));
        Assert.True(run.Result("rollback") == "success", run.Log);
        Assert.Equal(new Dictionary<string, int> { ["v1"] = 40 }, cluster.Served("reviews"));
        Assert.Null(cluster.Deployment("reviews-v2"));
        Assert.Equal(before, cluster.Get("networking.istio.io/v1", "VirtualService", "reviews")!["spec"]!.ToJsonString());
    }
}
