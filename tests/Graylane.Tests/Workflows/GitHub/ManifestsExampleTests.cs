using Graylane.Core.Json;
using Graylane.Tests.Manifests;

namespace Graylane.Tests.Workflows.GitHub;

/// <summary>
/// examples/github/release-from-manifests.yml end to end: the checkout is examples/repository, the run: step renders its
/// production overlay with the real kubectl (kubectl kustomize = kustomize build), and the Graylane steps release it on a
/// local cluster where the previous commit's overlay was applied with kubectl.
/// </summary>
public class ManifestsExampleTests
{
    private const string GitHubToken = "ghs_ExampleReviewerToken0123456789";
    private const string Image = "registry.example.com/shop/web:2.0";
    private const string NewGreeting = ExampleRepository.NewGreeting;

    [KubectlFact]
    public async Task The_overlay_is_released_and_promoted_in_place_with_its_config_and_the_stable_name_kept()
    {
        await using var cluster = await ExampleRepository.StartWithPreviousCommitAsync();
        await using var github = await ReviewerGitHub.StartAsync(GitHubToken);
        Assert.Equal(new Dictionary<string, int> { ["web hello"] = 20 }, cluster.Seen("web", "GREETING"));
        Dictionary<string, int>? beforePromote = null;
        var settings = GitHubExampleRun.Settings(cluster, github, new() { ["image"] = Image }, reviewEnvironment: (job, _) =>
        {
            // What the production reviewers see: the new version (v17, the run number) has all traffic and its new
            // greeting; web still runs the previous version, untouched, for an instant way back.
            beforePromote = cluster.Seen("web", "GREETING");
            Assert.Equal("registry.example.com/shop/web:1.0", cluster.Image("web"));
            Assert.Equal("hello", (string?)cluster.Get("v1", "ConfigMap", "web-config")!["data"]!["greeting"]);
            Assert.Equal("web-v17", (string?)cluster.Get("autoscaling/v2", "HorizontalPodAutoscaler", "web-v17")!["spec"]!["scaleTargetRef"]!["name"]);
            return true;
        });
        settings.Repository = ExampleRepository.Path;
        var run = await GitHubExampleRun.RunAsync("release-from-manifests.yml", settings);

        Assert.True(run.Result("promote") == "success", run.Log);
        Assert.Equal("skipped", run.Result("rollback"));
        Assert.Equal("web", run.Job("gray").Outputs["app"]);
        Assert.Equal("v17", run.Job("gray").Outputs["version"]);
        Assert.Contains("~ data.greeting: \"hello\" -> \"hello from production v2\"", run.Log);
        Assert.Equal(new Dictionary<string, int> { [$"web-v17 {NewGreeting}"] = 20 }, beforePromote);

        // After promote: Deployment web runs the new version under its own name; nothing named after the version is left.
        Assert.Equal(Image, cluster.Image("web"));
        Assert.Equal(["web"], cluster.Fixture.Server.List("apps/v1", "Deployment", "shop").Select(Obj.Name));
        Assert.Equal(NewGreeting, (string?)cluster.Get("v1", "ConfigMap", "web-config")!["data"]!["greeting"]);
        Assert.Null(cluster.Get("v1", "ConfigMap", "web-config-v17"));
        Assert.Equal(["web"], cluster.Fixture.Server.List("autoscaling/v2", "HorizontalPodAutoscaler", "shop").Select(Obj.Name));
        Assert.Equal("{\"app\":\"web\"}", cluster.Get("v1", "Service", "web")!["spec"]!["selector"]!.ToJsonString());
        await cluster.WaitReadyAsync("web");
        await cluster.Fixture.Server.WaitIdleAsync();
        Assert.Equal(new Dictionary<string, int> { [$"web {NewGreeting}"] = 20 }, cluster.Seen("web", "GREETING"));
    }

    [KubectlFact]
    public async Task A_rejected_review_rolls_back_and_the_previous_version_and_config_serve_as_before()
    {
        await using var cluster = await ExampleRepository.StartWithPreviousCommitAsync();
        await using var github = await ReviewerGitHub.StartAsync(GitHubToken);
        var web = ServerFields.Strip(cluster.Deployment("web")!).ToJsonString();

        var settings = GitHubExampleRun.Settings(cluster, github, new() { ["image"] = Image }, reviewEnvironment: (_, _) => false);
        settings.Repository = ExampleRepository.Path;
        var run = await GitHubExampleRun.RunAsync("release-from-manifests.yml", settings);

        Assert.Equal("success", run.Result("gray"));
        Assert.Equal("failure", run.Result("promote"));
        Assert.True(run.Result("rollback") == "success", run.Log);
        Assert.Equal(web, ServerFields.Strip(cluster.Deployment("web")!).ToJsonString());
        Assert.Null(cluster.Deployment("web-v17"));
        Assert.Null(cluster.Get("v1", "ConfigMap", "web-config-v17"));
        Assert.Equal(["web"], cluster.Fixture.Server.List("autoscaling/v2", "HorizontalPodAutoscaler", "shop").Select(Obj.Name));
        Assert.Equal("hello", (string?)cluster.Get("v1", "ConfigMap", "web-config")!["data"]!["greeting"]);
        await cluster.Fixture.Server.WaitIdleAsync();
        Assert.Equal(new Dictionary<string, int> { ["web hello"] = 20 }, cluster.Seen("web", "GREETING"));
    }

    [Fact]
    public async Task Checkout_without_a_repository_from_the_test_fails_the_step_saying_so()
    {
        await using var cluster = await ExampleCluster.StartAsync("");
        await using var github = await ReviewerGitHub.StartAsync(GitHubToken);
        var run = await GitHubExampleRun.RunAsync("release-from-manifests.yml", GitHubExampleRun.Settings(cluster, github, new() { ["image"] = Image }));
        Assert.Equal("failure", run.Result("gray"));
        Assert.Contains("the test gave no repository for this run", run.Log);
        Assert.Equal("skipped", run.Result("rollback")); // no app output: nothing was released
    }
}
