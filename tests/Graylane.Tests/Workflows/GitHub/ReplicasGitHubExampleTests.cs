using Graylane.Tests.Routing.Replicas;

namespace Graylane.Tests.Workflows.GitHub;

/// <summary>
/// examples/github/replicas-canary.yml end to end on a local cluster with web on 5 pods behind Service web (app: web) and an
/// HPA on web: what reviewers see at each checkpoint, where promote leaves the pods, and that a rejection puts the
/// Deployments and the HPA back exactly.
/// </summary>
public class ReplicasGitHubExampleTests
{
    private const string GitHubToken = "ghs_ExampleReviewerToken0123456789";
    private static readonly string Seed = (ReplicasSeed.Web + "\n---\n" + ReplicasSeed.Autoscaler).Replace("namespace: default", "namespace: " + ExampleCluster.Shop);
    private static readonly Dictionary<string, string> Inputs = new() { ["image"] = "registry.example.com/shop/web:2.0", ["version"] = "v2" };

    [Fact]
    public async Task GitHub_20_then_60_percent_by_pods_then_promote_leaves_every_pod_on_v2_and_the_hpa_as_it_was()
    {
        await using var cluster = await ExampleCluster.StartAsync(Seed, "web");
        await using var github = await ReviewerGitHub.StartAsync(GitHubToken);
        var hpa = Hpa(cluster);
        var seen = new Dictionary<string, Dictionary<string, int>>();
        var run = await GitHubExampleRun.RunAsync("replicas-canary.yml", GitHubExampleRun.Settings(cluster, github, new(Inputs),
            reviewEnvironment: (job, _) => { seen[job] = cluster.Served("web"); return true; }));

        Assert.True(run.Result("promote") == "success", run.Log);
        Assert.Equal("skipped", run.Result("rollback"));
        Assert.Contains("20% asked: 1 of 5 pods, 20%", run.Log);
        Assert.Equal(new Dictionary<string, int> { ["v1"] = 32, ["v2"] = 8 }, seen["widen"]);     // 1 of 5 pods
        Assert.Equal(new Dictionary<string, int> { ["v1"] = 16, ["v2"] = 24 }, seen["promote"]);  // 3 of 5 pods
        Assert.Equal((5, 0), (cluster.Replicas("web-v2"), cluster.Replicas("web")));
        Assert.Equal(new Dictionary<string, int> { ["v2"] = 40 }, cluster.Served("web"));
        Assert.Equal(hpa, Hpa(cluster));
    }

    [Fact]
    public async Task GitHub_rejected_before_promote_rolls_back_to_5_pods_of_v1_and_the_hpa_as_it_was()
    {
        await using var cluster = await ExampleCluster.StartAsync(Seed, "web");
        await using var github = await ReviewerGitHub.StartAsync(GitHubToken);
        var hpa = Hpa(cluster);
        var run = await GitHubExampleRun.RunAsync("replicas-canary.yml", GitHubExampleRun.Settings(cluster, github, new(Inputs),
            reviewEnvironment: (job, _) => job != "promote"));

        Assert.Equal("failure", run.Result("promote"));
        Assert.True(run.Result("rollback") == "success", run.Log);
        Assert.Null(cluster.Deployment("web-v2"));
        Assert.Equal(5, cluster.Replicas("web"));
        Assert.Equal(new Dictionary<string, int> { ["v1"] = 40 }, cluster.Served("web"));
        Assert.Equal(hpa, Hpa(cluster));
    }

    private static string Hpa(ExampleCluster cluster) => cluster.Get("autoscaling/v2", "HorizontalPodAutoscaler", "web")!["spec"]!.ToJsonString();
}
