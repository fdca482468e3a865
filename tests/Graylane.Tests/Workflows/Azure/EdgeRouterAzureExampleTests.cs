namespace Graylane.Tests.Workflows.Azure;

/// <summary>examples/azure-pipelines/gateway-api-canary.yml and nginx-canary.yml end to end through the tasks' real contract.</summary>
public class EdgeRouterAzureExampleTests
{
    private static async Task<PipelineRun> RunAsync(ExampleCluster cluster, string file, Func<string, string, bool> review)
    {
        var settings = new PipelineRunSettings { Kubeconfig = cluster.Kubeconfig, Parameters = [], Review = review };
        return await new AzurePipelineRunner(settings).RunAsync(RepositoryRoot.File(Path.Combine("examples", "azure-pipelines", file)));
    }

    private static async Task Canary_then_promote(string router, Func<ExampleCluster, Func<string, string, bool>, Task<PipelineRun>> runExample)
    {
        await using var cluster = await ExampleCluster.StartAsync(router == "nginx" ? EdgeExampleChecks.NginxSeed : EdgeExampleChecks.GatewaySeed, "web");
        var before = EdgeExampleChecks.UserRouting(cluster, router);
        var reviewed = new List<string>();

        var run = await runExample(cluster, (job, what) =>
        {
            Assert.InRange(EdgeExampleChecks.Served(cluster, router, 200).GetValueOrDefault("v2"), 15, 70);
            Assert.Equal(new Dictionary<string, int> { ["v2"] = 20 }, EdgeExampleChecks.Served(cluster, router, 20, new() { ["x-canary"] = "true" }));
            reviewed.Add($"{job}:{what}");
            return true;
        });

        Assert.True(run.Result("all") == "Succeeded", run.Log);
        Assert.Equal("Skipped", run.Result("rollback"));
        Assert.Equal(["promote:environment production"], reviewed);
        Assert.Equal("20", run.Step("canary", "canary", "canary").Outputs["gray-weight"]);
        EdgeExampleChecks.Promoted(cluster, router, before);
    }

    [Fact]
    public Task Gateway_api_canary_example() => Canary_then_promote("gateway-api", (c, review) => RunAsync(c, "gateway-api-canary.yml", review));

    [Fact]
    public Task Nginx_canary_example() => Canary_then_promote("nginx", (c, review) => RunAsync(c, "nginx-canary.yml", review));
}
