using Graylane.Core.Json;
using Graylane.Tests.Manifests;

namespace Graylane.Tests.Workflows.Azure;

/// <summary>
/// examples/azure-pipelines/release-from-manifests.yml end to end: the agent job checks out examples/repository, its
/// script renders the production overlay with the real kubectl (kubectl kustomize = kustomize build), and the Graylane
/// tasks release it on a local cluster where the previous commit's overlay was applied with kubectl.
/// </summary>
public class ManifestsPipelineTests
{
    private const string Image = "registry.example.com/shop/web:2.0";

    private static async Task<PipelineRun> RunAsync(ExampleCluster cluster, string file, Func<string, string, bool> review)
    {
        var settings = new PipelineRunSettings
        {
            Kubeconfig = cluster.Kubeconfig, Parameters = new() { ["image"] = Image }, Review = review, Repository = ExampleRepository.Path,
        };
        var run = await new AzurePipelineRunner(settings).RunAsync(RepositoryRoot.File(Path.Combine("examples", "azure-pipelines", file)));
        Assert.DoesNotContain("graylane-local-token", run.Log.Replace("##vso[task.setsecret]graylane-local-token", ""));
        return run;
    }

    [KubectlFact]
    public async Task The_overlay_is_released_and_promoted_in_place_after_the_environment_approval()
    {
        await using var cluster = await ExampleRepository.StartWithPreviousCommitAsync();
        Dictionary<string, int>? atApproval = null;

        var run = await RunAsync(cluster, "release-from-manifests.yml", (job, what) =>
        {
            atApproval = cluster.Seen("web", "GREETING");
            Assert.Equal("promote:environment production", $"{job}:{what}");
            return true;
        });

        Assert.True(run.Result("promote") == "Succeeded", run.Log);
        Assert.Equal("Skipped", run.Result("rollback"));
        Assert.Equal("web-v1234", run.Step("gray", "deploy", "gray").Outputs["grayWorkload"]);
        Assert.Equal(new Dictionary<string, int> { [$"web-v1234 {ExampleRepository.NewGreeting}"] = 20 }, atApproval);
        Assert.Equal(Image, cluster.Image("web"));
        Assert.Equal(["web"], cluster.Fixture.Server.List("apps/v1", "Deployment", "shop").Select(Obj.Name));
        Assert.Equal(["web"], cluster.Fixture.Server.List("autoscaling/v2", "HorizontalPodAutoscaler", "shop").Select(Obj.Name));
        Assert.Null(cluster.Get("v1", "ConfigMap", "web-config-v1234"));
        await cluster.WaitReadyAsync("web");
        await cluster.Fixture.Server.WaitIdleAsync();
        Assert.Equal(new Dictionary<string, int> { [$"web {ExampleRepository.NewGreeting}"] = 20 }, cluster.Seen("web", "GREETING"));
    }

    [KubectlFact]
    public async Task A_rejected_approval_runs_the_rollback_stage_and_the_previous_version_serves_as_before()
    {
        await using var cluster = await ExampleRepository.StartWithPreviousCommitAsync();
        var web = ServerFields.Strip(cluster.Deployment("web")!).ToJsonString();

        var run = await RunAsync(cluster, "release-from-manifests.yml", (_, _) => false);

        Assert.Equal("Failed", run.Result("promote"));
        Assert.True(run.Result("rollback") == "Succeeded", run.Log);
        Assert.Equal(web, ServerFields.Strip(cluster.Deployment("web")!).ToJsonString());
        Assert.Null(cluster.Deployment("web-v1234"));
        Assert.Equal(["web"], cluster.Fixture.Server.List("autoscaling/v2", "HorizontalPodAutoscaler", "shop").Select(Obj.Name));
        await cluster.Fixture.Server.WaitIdleAsync();
        Assert.Equal(new Dictionary<string, int> { ["web hello"] = 20 }, cluster.Seen("web", "GREETING"));
    }
}
