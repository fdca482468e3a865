using Graylane.Tests.Support;

namespace Graylane.Tests.Lanes;

/// <summary>
/// deploy-gray --manifests with a lane router: the repository holds all of the app's Deployments; the services whose pod
/// template differs from their lane baseline are the changed ones, --services is derived and printed, and only they get
/// lane Deployments (the others fall back to their baselines, as with --services).
/// </summary>
public class LanesManifestsTests
{
    private static string Tagged(string tag) => MockApp.Image.Replace("v0.1-java", tag);

    /// <summary>The repository at v2: mocka and mockc have a new image and a new env var, mockb is as it runs.</summary>
    private static string V2Manifests => string.Join("\n---\n",
        MockApp.Service("mocka"), MockApp.Service("mockb"), MockApp.Service("mockc"),
        Changed(MockApp.Deployment("mocka", "v1")), MockApp.Deployment("mockb", "v1"), Changed(MockApp.Deployment("mockc", "v1")));

    private static string Changed(string deployment) => deployment
        .Replace(MockApp.Image, Tagged("v2"))
        .Replace("        - name: app\n", "        - name: LOG_LEVEL\n          value: debug\n        - name: app\n");

    private static string Write(string yaml)
    {
        var path = Path.Combine(Directory.CreateTempSubdirectory("graylane-lanes-").FullName, "mock.yaml");
        File.WriteAllText(path, yaml);
        return path;
    }

    private static Task<(int Code, TestHost Host)> DeployAsync(ClusterFixture c, string file, params (string Name, string Value)[] extra)
    {
        var inputs = new Dictionary<string, string>
        {
            ["app"] = "mock", ["router"] = "lanes", ["version"] = "v2", ["manifests"] = file, ["gateway"] = MockApp.Gateway, ["app-services"] = "mocka,mockb,mockc",
        };
        foreach (var (name, value) in extra) inputs[name] = value;
        return c.RunAsync("deploy-gray", inputs.Select(kv => (kv.Key, kv.Value)).ToArray());
    }

    [Fact]
    public async Task Only_the_services_whose_pod_template_changed_get_lane_deployments_and_the_derived_services_are_printed()
    {
        await using var c = await MockApp.StartAsync();
        Assert.Contains("name: LOG_LEVEL", V2Manifests);
        var file = Write(V2Manifests);

        var (code, host) = await DeployAsync(c, file);
        Assert.True(code == 0, host.Log);
        Assert.Contains($"Derived --services mocka={Tagged("v2")},mockc={Tagged("v2")}; mockb unchanged (they fall back to their baselines)", host.Log);
        Assert.Contains("+ spec.template.spec.containers[default].env[LOG_LEVEL]", host.Log);
        Assert.Contains("mockb: Deployment mockb-v1's pod template matches its baseline mockb-v1", host.Log);
        Assert.Equal(Tagged("v2"), (string?)c.Deployment("mocka-v2")!["spec"]!["template"]!["spec"]!["containers"]![0]!["image"]);
        Assert.Contains("LOG_LEVEL", c.Deployment("mockc-v2")!["spec"]!["template"]!["spec"]!.ToJsonString());
        Assert.Equal("v2", (string?)c.Deployment("mocka-v2")!["spec"]!["template"]!["metadata"]!["labels"]!["version"]);
        Assert.Null(c.Deployment("mockb-v2"));
        Assert.Equal(MockApp.V2V1V2, MockApp.InMesh(c, "v2"));
        Assert.Equal(MockApp.V1V1V1, MockApp.InMesh(c));

        await LaneRelease.StepAsync(c, "shift-traffic", ("weight", "100"));
        await LaneRelease.StepAsync(c, "promote");
        Assert.All(MockApp.AtGateway(c, 20), p => Assert.Equal(MockApp.V2V1V2, p.Text));

        // The same manifests again: the baselines now run them (lane v2), so nothing changes.
        (code, host) = await DeployAsync(c, file, ("version", "v3"));
        Assert.True(code == 0, host.Log);
        Assert.Contains("Nothing to release", host.Log);
        Assert.Null(c.Deployment("mocka-v3"));
    }

    [Fact]
    public async Task Services_together_with_manifests_and_a_deployment_behind_none_of_the_services_are_refused_before_any_write()
    {
        await using var c = await MockApp.StartAsync();
        var writes = await c.WritesAsync();
        var (code, host) = await DeployAsync(c, Write(V2Manifests), ("services", $"mocka={Tagged("v2")}"));
        Assert.Equal(2, code);
        Assert.Contains(host.Errors, e => e.Contains("--services does not go with --manifests"));

        var stray = V2Manifests + "\n---\n" + MockApp.Deployment("mockb", "v1").Replace("mockb", "mockd");
        (code, host) = await DeployAsync(c, Write(stray));
        Assert.Equal(2, code);
        Assert.Contains(host.Errors, e => e.Contains("Deployment mockd-v1's pods are behind none of the app's services (mocka, mockb, mockc)"));
        Assert.Equal(writes, await c.WritesAsync());
    }
}
