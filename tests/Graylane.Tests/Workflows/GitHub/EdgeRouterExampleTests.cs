namespace Graylane.Tests.Workflows.GitHub;

/// <summary>examples/github/gateway-api-canary.yml and nginx-canary.yml end to end: 20% and the testers before the production review, then promote.</summary>
public class EdgeRouterExampleTests
{
    private const string GitHubToken = "ghs_ExampleReviewerToken0123456789";

    private static async Task Canary_then_promote(string router, Func<WorkflowRunSettings, Task<WorkflowRun>> runExample)
    {
        var seed = router == "nginx" ? EdgeExampleChecks.NginxSeed : EdgeExampleChecks.GatewaySeed;
        await using var cluster = await ExampleCluster.StartAsync(seed, "web");
        await using var github = await ReviewerGitHub.StartAsync(GitHubToken);
        var before = EdgeExampleChecks.UserRouting(cluster, router);
        var reviewed = 0;
        var settings = GitHubExampleRun.Settings(cluster, github,
            new() { ["image"] = "registry.example.com/shop/web:2.0", ["version"] = "v2" },
            reviewEnvironment: (_, _) =>
            {
                // What the production reviewers see: a fifth of the traffic on v2, every tester on v2.
                Assert.InRange(EdgeExampleChecks.Served(cluster, router, 200).GetValueOrDefault("v2"), 15, 70);
                Assert.Equal(new Dictionary<string, int> { ["v2"] = 20 }, EdgeExampleChecks.Served(cluster, router, 20, new() { ["x-canary"] = "true" }));
                reviewed++;
                return true;
            });

        var run = await runExample(settings);

        Assert.True(run.Result("all") == "success", run.Log);
        Assert.Equal("skipped", run.Result("rollback"));
        Assert.Equal(1, reviewed);
        EdgeExampleChecks.Promoted(cluster, router, before);
    }

    [Fact]
    public Task Gateway_api_canary_example() => Canary_then_promote("gateway-api", s => GitHubExampleRun.RunAsync("gateway-api-canary.yml", s));

    [Fact]
    public Task Nginx_canary_example() => Canary_then_promote("nginx", s => GitHubExampleRun.RunAsync("nginx-canary.yml", s));

    [Fact]
    public async Task Nginx_canary_rejected_at_the_review_rolls_back()
    {
        await using var cluster = await ExampleCluster.StartAsync(EdgeExampleChecks.NginxSeed, "web");
        await using var github = await ReviewerGitHub.StartAsync(GitHubToken);
        var before = EdgeExampleChecks.UserRouting(cluster, "nginx");
        var service = cluster.Get("v1", "Service", "web")!["spec"]!.ToJsonString();
        var run = await GitHubExampleRun.RunAsync("nginx-canary.yml", GitHubExampleRun.Settings(cluster, github,
            new() { ["image"] = "registry.example.com/shop/web:2.0", ["version"] = "v2" }, reviewEnvironment: (_, _) => false));

        Assert.NotEqual("success", run.Result("all"));
        Assert.True(run.Result("rollback") == "success", run.Log);
        Assert.Null(cluster.Get("networking.k8s.io/v1", "Ingress", "web-canary"));
        Assert.Null(cluster.Deployment("web-v2"));
        Assert.Equal(before, EdgeExampleChecks.UserRouting(cluster, "nginx"));
        Assert.Equal(service, cluster.Get("v1", "Service", "web")!["spec"]!.ToJsonString()); // the user's own selector is back
        await cluster.WaitReadyAsync("web");
        Assert.Equal(new Dictionary<string, int> { ["v1"] = 40 }, EdgeExampleChecks.Served(cluster, "nginx"));
    }
}
