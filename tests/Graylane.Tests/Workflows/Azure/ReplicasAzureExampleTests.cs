using Graylane.Tests.Routing.Replicas;

namespace Graylane.Tests.Workflows.Azure;

/// <summary>examples/azure-pipelines/replicas-canary.yml end to end (see ReplicasGitHubExampleTests for the cluster).</summary>
public class ReplicasAzureExampleTests
{
    private static readonly string Seed = (ReplicasSeed.Web + "\n---\n" + ReplicasSeed.Autoscaler).Replace("namespace: default", "namespace: " + ExampleCluster.Shop);

    [Fact]
    public async Task Azure_20_then_60_percent_by_pods_then_promote()
    {
        await using var cluster = await ExampleCluster.StartAsync(Seed, "web");
        var seen = new Dictionary<string, Dictionary<string, int>>();
        var run = await AzureRunAsync(cluster, "replicas-canary.yml", (job, what) => { seen[$"{job}:{what}"] = cluster.Served("web"); return true; });

        Assert.True(run.Result("promote") == "Succeeded", run.Log);
        Assert.Equal("Skipped", run.Result("rollback"));
        Assert.Equal("20", run.Step("canary", "canary", "canary").Outputs["gray-weight"]);
        Assert.Equal(new Dictionary<string, int> { ["v1"] = 32, ["v2"] = 8 }, seen["approve_widen:ManualValidation"]);
        Assert.Equal(new Dictionary<string, int> { ["v1"] = 16, ["v2"] = 24 }, seen["promote:environment production"]);
        Assert.Equal((5, 0), (cluster.Replicas("web-v2"), cluster.Replicas("web")));
        Assert.Equal(new Dictionary<string, int> { ["v2"] = 40 }, cluster.Served("web"));
    }

    [Fact]
    public async Task Azure_rejected_at_production_rolls_back()
    {
        await using var cluster = await ExampleCluster.StartAsync(Seed, "web");
        var hpa = Hpa(cluster);
        var run = await AzureRunAsync(cluster, "replicas-canary.yml", (job, _) => job != "promote");

        Assert.Equal("Failed", run.Result("promote"));
        Assert.True(run.Result("rollback") == "Succeeded", run.Log);
        Assert.Null(cluster.Deployment("web-v2"));
        Assert.Equal(5, cluster.Replicas("web"));
        Assert.Equal(new Dictionary<string, int> { ["v1"] = 40 }, cluster.Served("web"));
        Assert.Equal(hpa, Hpa(cluster));
    }

    private static string Hpa(ExampleCluster cluster) => cluster.Get("autoscaling/v2", "HorizontalPodAutoscaler", "web")!["spec"]!.ToJsonString();

    private static async Task<PipelineRun> AzureRunAsync(ExampleCluster cluster, string file, Func<string, string, bool> review)
    {
        var settings = new PipelineRunSettings { Kubeconfig = cluster.Kubeconfig, Parameters = [], Review = review };
        var run = await new AzurePipelineRunner(settings).RunAsync(RepositoryRoot.File(Path.Combine("examples", "azure-pipelines", file)));
        Assert.DoesNotContain("graylane-local-token", run.Log.Replace("##vso[task.setsecret]graylane-local-token", ""));
        return run;
    }
}
