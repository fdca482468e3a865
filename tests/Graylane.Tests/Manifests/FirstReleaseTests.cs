using Graylane.Core.Json;

namespace Graylane.Tests.Manifests;

/// <summary>deploy-gray --manifests when nothing runs yet, and again when nothing changed.</summary>
public class FirstReleaseTests
{
    [Fact]
    public async Task Nothing_running_yet_applies_the_manifests_as_the_baseline_and_later_steps_say_so()
    {
        await using var m = await ManifestCluster.StartAsync();
        var file = m.Write("k8s/web.yaml", WebApp.WithoutAutoscaler);

        var (code, host) = await m.RunAsync("deploy-gray", ("manifests", file), ("version", "v1"));
        Assert.True(code == 0, host.Log);
        Assert.Contains("first release: v1 is the baseline, nothing to shift", host.Log);
        Assert.Equal("Promoted", host.Outputs["phase"]);
        Assert.Equal("web", host.Outputs["app"]); // named after the manifests' only Deployment
        await m.Cluster.WaitReadyAsync("web");
        Assert.Equal("hello-v1", m.Data("web-config", "greeting"));
        Assert.NotNull(m.Get("v1", "Secret", "web-secret"));
        Assert.Equal("web", (string?)m.Cluster.Service("web")!["spec"]!["selector"]!["app"]);
        Assert.Equal(new Dictionary<string, int> { ["?"] = 20 }, m.Cluster.Served("web")); // served by web's pods (no version label)

        (code, host) = await m.RunAsync("shift-traffic", ("app", "web"), ("weight", "50"));
        Assert.True(code == 0, host.Log);
        Assert.Contains("first release: v1 is the baseline of web, nothing to shift", host.Log);
        (code, host) = await m.RunAsync("promote", ("app", "web"));
        Assert.True(code == 0, host.Log);
        Assert.Contains("first release: v1 is the baseline of web, nothing to promote", host.Log);
    }

    [Fact]
    public async Task The_same_manifests_again_are_nothing_to_release_and_write_nothing()
    {
        await using var m = await ManifestCluster.StartAsync();
        var file = m.Write("k8s/web.yaml", WebApp.WithoutAutoscaler);
        Assert.Equal(0, (await m.RunAsync("deploy-gray", ("manifests", file), ("version", "v1"))).Code);
        await m.Cluster.WaitReadyAsync("web");
        await m.Cluster.Server.WaitIdleAsync();

        var writes = await m.Cluster.WritesAsync();
        var (code, host) = await m.RunAsync("deploy-gray", ("manifests", file), ("version", "v2"));
        Assert.True(code == 0, host.Log);
        Assert.Contains("Nothing to release", host.Log);
        Assert.Equal(writes, await m.Cluster.WritesAsync());
        Assert.Single(m.Cluster.Server.List("apps/v1", "Deployment", "default"));
    }

    [KubectlFact]
    public async Task Kubectl_apply_of_the_same_manifests_changes_nothing_after_a_first_release()
    {
        await using var m = await ManifestCluster.StartAsync();
        var file = m.Write("k8s/web.yaml", WebApp.WithoutAutoscaler);
        Assert.Equal(0, (await m.RunAsync("deploy-gray", ("manifests", file), ("version", "v1"))).Code);
        await m.Cluster.WaitReadyAsync("web");
        var before = Obj.ResourceVersion(m.Cluster.Deployment("web")!);
        var secret = Obj.ResourceVersion(m.Cluster.Server.Get("v1", "Secret", "default", "web-secret")!);

        var (exit, output, error) = await m.KubectlAsync("apply", "-n", "default", "-f", file);
        Assert.True(exit == 0, error);
        foreach (var line in output.Split('\n', StringSplitOptions.RemoveEmptyEntries))
            Assert.True(line.EndsWith(" unchanged", StringComparison.Ordinal) || KubectlApply.WriteOnlyStringData(line), line);
        Assert.Equal(before, Obj.ResourceVersion(m.Cluster.Deployment("web")!));
        Assert.Equal(secret, Obj.ResourceVersion(m.Cluster.Server.Get("v1", "Secret", "default", "web-secret")!));
    }

    [Fact]
    public async Task Rollback_of_a_first_release_removes_what_it_applied()
    {
        await using var m = await ManifestCluster.StartAsync();
        var file = m.Write("k8s/web.yaml", WebApp.WithoutAutoscaler);
        Assert.Equal(0, (await m.RunAsync("deploy-gray", ("manifests", file), ("version", "v1"))).Code);
        var (code, host) = await m.RunAsync("rollback", ("app", "web"));
        Assert.True(code == 0, host.Log);
        Assert.Null(m.Cluster.Deployment("web"));
        Assert.Null(m.Cluster.Service("web"));
        Assert.Null(m.Get("v1", "ConfigMap", "web-config"));
        Assert.Null(m.Get("v1", "Secret", "web-secret"));
    }

    [Fact]
    public async Task Manifests_can_come_from_standard_input()
    {
        await using var m = await ManifestCluster.StartAsync();
        var host = new Support.TestHost(new Dictionary<string, string> { ["manifests"] = "-", ["version"] = "v1", ["kubeconfig"] = m.Cluster.Kubeconfig, ["timeout"] = "20s" });
        var code = await Graylane.Cli.StepRunner.RunAsync(Graylane.Engine.Steps.StepCatalog.Find("deploy-gray")!, host, new Dictionary<string, string>(),
            stdin: new StringReader(WebApp.WithoutAutoscaler));
        Assert.True(code == 0, host.Log);
        Assert.Contains("from standard input", host.Log);
        Assert.NotNull(m.Cluster.Deployment("web"));
    }
}
