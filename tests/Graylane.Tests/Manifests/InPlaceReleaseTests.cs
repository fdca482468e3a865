using Graylane.Core.Json;

namespace Graylane.Tests.Manifests;

/// <summary>
/// A release from manifests on an app labelled as users label theirs (app: web only, config in a ConfigMap): an env change
/// and a ConfigMap change, gray then promoted in place (the stable name kept), then rolled back after the promote.
/// </summary>
public class InPlaceReleaseTests(Xunit.Abstractions.ITestOutputHelper output)
{
    /// <summary>Version 2 of the app: a new greeting in the ConfigMap, a new env var, and CI's image tag.</summary>
    public static string V2 => WebApp.WithoutAutoscaler
        .Replace("greeting: hello-v1", "greeting: hello-v2")
        .Replace("          envFrom:", "            - name: LOG_LEVEL\n              value: debug\n          envFrom:");

    private static async Task<ManifestCluster> ReleasedV1Async()
    {
        var m = await ManifestCluster.StartAsync(WebApp.WithoutAutoscaler);
        await m.Cluster.Server.WaitIdleAsync();
        return m;
    }

    [Fact]
    public async Task Gray_reads_a_config_copy_while_the_baseline_keeps_its_config_untouched()
    {
        await using var m = await ReleasedV1Async();
        var stable = ServerFields.Strip(m.Cluster.Deployment("web")!);
        var file = m.Write("k8s/web.yaml", V2);

        var (code, host) = await m.RunAsync("deploy-gray", ("manifests", file), ("images", "registry.example.com/shop/web:2.0"), ("version", "v2"));
        Assert.True(code == 0, host.Log);
        Assert.Equal("web", host.Outputs["app"]);
        Assert.Equal("web-v2", host.Outputs["gray-workload"]);
        Assert.Contains("~ spec.template.spec.containers[web].image: \"registry.example.com/shop/web:1.0\" -> \"registry.example.com/shop/web:2.0\"", host.Log);
        Assert.Contains("+ spec.template.spec.containers[web].env[LOG_LEVEL]", host.Log);
        Assert.Contains("~ data.greeting: \"hello-v1\" -> \"hello-v2\"", host.Log);
        Assert.Contains("What the gray version changes", host.Summary.ToString());

        Assert.Equal("web-config-v2", m.ConfigMapRead("web-v2", "GREETING"));
        Assert.Equal("hello-v2", m.Data("web-config-v2", "greeting"));
        Assert.Equal("hello-v1", m.Data("web-config", "greeting"));
        Assert.Equal(stable.ToJsonString(), ServerFields.Strip(m.Cluster.Deployment("web")!).ToJsonString()); // the baseline never noticed
        Assert.Equal(new Dictionary<string, int> { ["hello-v1"] = 20 }, m.Seen("web", "GREETING"));

        (code, host) = await m.RunAsync("shift-traffic", ("app", "web"), ("weight", "100"));
        Assert.True(code == 0, host.Log);
        Assert.Equal(new Dictionary<string, int> { ["hello-v2"] = 20 }, m.Seen("web", "GREETING"));
    }

    [Fact]
    public async Task Promote_keeps_the_stable_name_and_rollback_after_it_restores_the_previous_version()
    {
        await using var m = await ReleasedV1Async();
        var before = Snapshot(m);
        var file = m.Write("k8s/web.yaml", V2);
        Assert.Equal(0, (await m.RunAsync("deploy-gray", ("manifests", file), ("images", "registry.example.com/shop/web:2.0"), ("version", "v2"))).Code);

        var (code, host) = await m.RunAsync("promote", ("app", "web"));
        output.WriteLine(host.Log);
        Assert.True(code == 0, host.Log);
        Assert.Equal("Promoted", host.Outputs["phase"]);
        await m.Cluster.WaitReadyAsync("web");
        Assert.Equal(["web"], m.Cluster.Server.List("apps/v1", "Deployment", "default").Select(Obj.Name));
        Assert.Null(m.Get("v1", "ConfigMap", "web-config-v2"));
        Assert.Equal("hello-v2", m.Data("web-config", "greeting"));
        var web = m.Cluster.Deployment("web")!;
        Assert.Equal("registry.example.com/shop/web:2.0", (string?)web["spec"]!["template"]!["spec"]!["containers"]![0]!["image"]);
        Assert.Equal("web", (string?)m.Cluster.Service("web")!["spec"]!["selector"]!["app"]);
        Assert.Single(m.Cluster.Service("web")!["spec"]!["selector"]!.AsObject());
        await m.Cluster.Server.WaitIdleAsync();
        Assert.Equal(new Dictionary<string, int> { ["hello-v2"] = 20 }, m.Seen("web", "GREETING"));

        // The same manifests again: nothing to release.
        (code, host) = await m.RunAsync("deploy-gray", ("manifests", file), ("images", "registry.example.com/shop/web:2.0"), ("version", "v3"));
        Assert.True(code == 0, host.Log);
        Assert.Contains("Nothing to release", host.Log);

        (code, host) = await m.RunAsync("rollback", ("app", "web"));
        output.WriteLine(host.Log);
        Assert.True(code == 0, host.Log);
        Assert.Contains("All traffic on web-rollback", host.Log);
        await m.Cluster.Server.WaitIdleAsync();
        Assert.Equal(before, Snapshot(m));
        Assert.Equal(new Dictionary<string, int> { ["hello-v1"] = 20 }, m.Seen("web", "GREETING"));
    }

    [Fact]
    public async Task A_selector_change_recreates_the_stable_while_the_gray_serves_and_rollback_recreates_it_back()
    {
        var v1 = Reliability.ManifestsRecreateFaultMatrixTests.Labelled(WebApp.WithoutAutoscaler, "v1");
        await using var m = await ManifestCluster.StartAsync(v1);
        await m.Cluster.Server.WaitIdleAsync();
        var uid = (string?)m.Cluster.Deployment("web")!["metadata"]!["uid"];
        var file = m.Write("k8s/web.yaml", Reliability.ManifestsRecreateFaultMatrixTests.Labelled(V2, "v2"));
        var (code, host) = await m.RunAsync("deploy-gray", ("manifests", file));
        Assert.True(code == 0, host.Log);
        Assert.Equal("v2", host.Outputs["version"]); // from the manifests' version label

        (code, host) = await m.RunAsync("promote", ("app", "web"));
        Assert.True(code == 0, host.Log);
        Assert.Contains("Deployment web: its selector changes (app=web,version=v1 -> app=web,version=v2), so it is recreated while the gray serves all traffic", host.Log);
        var web = m.Cluster.Deployment("web")!;
        Assert.NotEqual(uid, (string?)web["metadata"]!["uid"]);
        Assert.Equal("v2", (string?)web["spec"]!["selector"]!["matchLabels"]!["version"]);
        await m.Cluster.Server.WaitIdleAsync();
        Assert.Equal(new Dictionary<string, int> { ["hello-v2"] = 20 }, m.Seen("web", "GREETING"));

        (code, host) = await m.RunAsync("rollback", ("app", "web"));
        Assert.True(code == 0, host.Log);
        Assert.Contains("so it is recreated while web-rollback serves", host.Log);
        Assert.Equal("v1", (string?)m.Cluster.Deployment("web")!["spec"]!["selector"]!["matchLabels"]!["version"]);
        await m.Cluster.Server.WaitIdleAsync();
        Assert.Equal(new Dictionary<string, int> { ["hello-v1"] = 20 }, m.Seen("web", "GREETING"));
    }

    [KubectlFact]
    public async Task After_an_in_place_promote_kubectl_apply_of_the_same_manifests_changes_nothing()
    {
        await using var m = await ReleasedV1Async();
        var file = m.Write("k8s/web.yaml", V2);
        Assert.Equal(0, (await m.RunAsync("deploy-gray", ("manifests", file), ("version", "v2"))).Code);
        Assert.Equal(0, (await m.RunAsync("promote", ("app", "web"))).Code);
        await m.Cluster.Server.WaitIdleAsync();
        var versions = m.Cluster.Server.List("v1", "ConfigMap", "default").Concat(m.Cluster.Server.List("apps/v1", "Deployment", "default"))
            .Concat(m.Cluster.Server.List("v1", "Service", "default")).Concat(m.Cluster.Server.List("v1", "Secret", "default")).ToDictionary(o => $"{o["kind"]}/{Obj.Name(o)}", Obj.ResourceVersion);

        var (exit, output, error) = await m.KubectlAsync("apply", "-n", "default", "-f", file);
        Assert.True(exit == 0, error);
        foreach (var line in output.Split('\n', StringSplitOptions.RemoveEmptyEntries))
            Assert.True(line.EndsWith(" unchanged", StringComparison.Ordinal) || KubectlApply.WriteOnlyStringData(line), line);
        var after = m.Cluster.Server.List("v1", "ConfigMap", "default").Concat(m.Cluster.Server.List("apps/v1", "Deployment", "default"))
            .Concat(m.Cluster.Server.List("v1", "Service", "default")).Concat(m.Cluster.Server.List("v1", "Secret", "default")).ToDictionary(o => $"{o["kind"]}/{Obj.Name(o)}", Obj.ResourceVersion);
        Assert.Equal(versions, after);
    }

    /// <summary>What a user calls the app's state: Deployments, Services, ConfigMaps and Secrets, without server fields.</summary>
    private static string Snapshot(ManifestCluster m)
    {
        var objects = new[] { ("apps/v1", "Deployment"), ("v1", "Service"), ("v1", "ConfigMap"), ("v1", "Secret") }
            .SelectMany(k => m.Cluster.Server.List(k.Item1, k.Item2, "default"))
            .Where(o => !Obj.Name(o).StartsWith("graylane-", StringComparison.Ordinal) && Obj.Name(o) != "kube-root-ca.crt")
            .OrderBy(o => $"{o["kind"]}/{Obj.Name(o)}")
            .Select(o =>
            {
                var s = ServerFields.Strip(o);
                if (s["spec"] is System.Text.Json.Nodes.JsonObject spec) { spec.Remove("clusterIP"); spec.Remove("clusterIPs"); }
                return $"{o["kind"]}/{Obj.Name(o)} {s.ToJsonString()}";
            });
        return string.Join("\n", objects);
    }
}
