namespace Graylane.Tests.Manifests;

/// <summary>Every bad --manifests input of issue 14: refused before any write, exit 2, the message naming file, document and field.</summary>
public class ManifestBadInputTests
{
    public static TheoryData<string, string, string[], string[]> Cases => new()
    {
        // name, manifest text, extra inputs (name=value), expected message parts
        { "yaml", WebApp.WithoutAutoscaler + "\n---\nkind: [broken\n", [], ["k8s/web.yaml line", "YAML does not parse"] },
        { "namespace", WebApp.WithoutAutoscaler.Replace("metadata:\n  name: web-env\n", "metadata:\n  name: web-env\n  namespace: prod\n"), [], ["k8s/web.yaml document 4", "metadata.namespace", "--namespace default"] },
        { "duplicate", WebApp.WithoutAutoscaler + "\n---\napiVersion: v1\nkind: ConfigMap\nmetadata: {name: web-config}\ndata: {greeting: x}\n", [], ["document 7", "ConfigMap web-config appears twice", "document 3"] },
        { "selector", WebApp.WithoutAutoscaler.Replace("      labels:\n        app: web\n    spec:", "      labels:\n        app: webx\n    spec:"), [], ["document 1", "spec.selector", "app=webx"] },
        { "image-repository", WebApp.WithoutAutoscaler, ["images=registry.example.com/shop/api:2.0"], ["--images registry.example.com/shop/api:2.0", "repository registry.example.com/shop/api"] },
        { "image-container", WebApp.WithoutAutoscaler, ["images=sidecar=envoyproxy/envoy:v1.31"], ["container \"sidecar\""] },
        { "empty", "---\n# nothing here\n---\n", [], ["holds no object"] },
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public async Task Refused_before_any_write(string name, string yaml, string[] extra, string[] message)
    {
        await using var m = await ManifestCluster.StartAsync(WebApp.WithoutAutoscaler);
        var file = m.Write("k8s/web.yaml", yaml);
        var writes = await m.Cluster.WritesAsync();
        var inputs = new List<(string, string)> { ("manifests", file), ("app", "web"), ("version", "v2") };
        inputs.AddRange(extra.Select(e => (e[..e.IndexOf('=')], e[(e.IndexOf('=') + 1)..])));

        var (code, host) = await m.RunAsync("deploy-gray", [.. inputs]);

        Assert.True(code == 2, $"{name}: exit {code}\n{host.Log}");
        var error = Assert.Single(host.Errors);
        foreach (var part in message) Assert.Contains(part, error);
        Assert.Equal(writes, await m.Cluster.WritesAsync());
    }

    [Fact]
    public async Task Workload_and_gray_workload_do_not_go_with_manifests()
    {
        await using var m = await ManifestCluster.StartAsync(WebApp.WithoutAutoscaler);
        var file = m.Write("k8s/web.yaml", WebApp.WithoutAutoscaler);
        var (code, host) = await m.RunAsync("deploy-gray", ("manifests", file), ("workload", "web"));
        Assert.Equal(2, code);
        Assert.Contains("--workload does not go with --manifests", host.Errors.Single());
        (code, host) = await m.RunAsync("deploy-gray", ("manifests", file), ("promote-mode", "sideways"));
        Assert.Equal(2, code);
        Assert.Contains("--promote-mode \"sideways\" is not supported", host.Errors.Single());
    }
}
