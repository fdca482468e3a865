using Graylane.Cli;
using Graylane.Tests.Support;

namespace Graylane.Tests.Cli;

/// <summary>`graylane sandbox request --show-env NAME`: a config release made visible per request.</summary>
public class ShowEnvTests
{
    private const string App = """
        apiVersion: v1
        kind: ConfigMap
        metadata: {name: web-config}
        data: {greeting: hello-v1}
        ---
        apiVersion: v1
        kind: ConfigMap
        metadata: {name: web-config-v2}
        data: {greeting: hello-v2}
        ---
        apiVersion: v1
        kind: Secret
        metadata: {name: web-secret}
        data: {api-key: czNjcjN0}
        ---
        apiVersion: v1
        kind: ConfigMap
        metadata: {name: web-env}
        data: {MODE: blue}
        ---
        apiVersion: apps/v1
        kind: Deployment
        metadata: {name: web}
        spec:
          replicas: 1
          selector: {matchLabels: {app: web, version: v1}}
          template:
            metadata: {labels: {app: web, version: v1}}
            spec:
              containers:
                - name: web
                  image: shop/web:1
                  envFrom: [{configMapRef: {name: web-env}, prefix: APP_}]
                  env:
                    - {name: GREETING, valueFrom: {configMapKeyRef: {name: web-config, key: greeting}}}
                    - {name: API_KEY, valueFrom: {secretKeyRef: {name: web-secret, key: api-key}}}
        ---
        apiVersion: apps/v1
        kind: Deployment
        metadata: {name: web-v2}
        spec:
          replicas: 1
          selector: {matchLabels: {app: web, version: v2}}
          template:
            metadata: {labels: {app: web, version: v2}}
            spec:
              containers:
                - name: web
                  image: shop/web:2
                  env:
                    - {name: GREETING, valueFrom: {configMapKeyRef: {name: web-config-v2, key: greeting}}}
                    - {name: API_KEY, valueFrom: {secretKeyRef: {name: web-secret, key: api-key}}}
        ---
        apiVersion: v1
        kind: Service
        metadata: {name: web}
        spec:
          selector: {app: web}
          ports: [{port: 80}]
        """;

    private static async Task<(int Code, string[] Lines, string Error)> RequestAsync(ClusterFixture c, params string[] extra)
    {
        var stdout = new StringWriter();
        var stderr = new StringWriter();
        var code = await CommandDispatcher.RunAsync(["sandbox", "request", "--kubeconfig", c.Kubeconfig, "--host", "web", .. extra],
            new Dictionary<string, string>(), stdout, stderr, CancellationToken.None);
        return (code, stdout.ToString().Split('\n'), stderr.ToString());
    }

    [Fact]
    public async Task Each_hop_prints_the_variable_its_pod_sees_through_config_references()
    {
        await using var c = await ClusterFixture.StartAsync(App, "web");
        await c.WaitReadyAsync("web-v2");

        var (code, lines, _) = await RequestAsync(c, "--count", "40", "--show-env", "GREETING");
        Assert.Equal(0, code);
        Assert.Contains("-> web(v1) GREETING=hello-v1", lines);
        Assert.Contains("-> web(v2) GREETING=hello-v2", lines);
        Assert.DoesNotContain(lines, l => l.StartsWith("->", StringComparison.Ordinal) && !l.Contains("GREETING=hello-v"));
        Assert.Contains(lines, l => l.EndsWith("%  -> web(v1) GREETING=hello-v1", StringComparison.Ordinal));

        (_, lines, _) = await RequestAsync(c, "--count", "20", "--show-env", "API_KEY");
        Assert.Contains("-> web(v1) API_KEY=<secret>", lines);
        Assert.DoesNotContain(lines, l => l.Contains("czNjcjN0") || l.Contains("s3cr3t"));

        (_, lines, _) = await RequestAsync(c, "--count", "20", "--show-env", "APP_MODE");
        Assert.Contains("-> web(v1) APP_MODE=blue", lines);
        Assert.Contains("-> web(v2) APP_MODE=(unset)", lines);
    }

    [Fact]
    public async Task Running_pods_keep_the_environment_they_started_with_as_the_kubelet_does()
    {
        await using var c = await ClusterFixture.StartAsync(App, "web");
        await c.Server.ApplyYamlAsync("apiVersion: v1\nkind: ConfigMap\nmetadata: {name: web-config}\ndata: {greeting: changed}\n");
        Assert.Equal("changed", (string?)c.Server.Get("v1", "ConfigMap", "default", "web-config")!["data"]!["greeting"]);
        var (_, lines, _) = await RequestAsync(c, "--count", "40", "--show-env", "GREETING");
        Assert.Contains("-> web(v1) GREETING=hello-v1", lines);
        Assert.DoesNotContain(lines, l => l.Contains("GREETING=changed"));
    }

    [Fact]
    public async Task A_pod_whose_config_is_not_there_yet_starts_once_it_is_and_reads_it_as_the_kubelet_does()
    {
        // The Deployment first, its ConfigMap later (as one kubectl apply of a directory may order them): the kubelet
        // does not start the container without the ConfigMap (CreateContainerConfigError), then starts it with it.
        await using var c = await ClusterFixture.StartAsync(null);
        var deployment = App.Split("---\n").Single(d => d.Contains("name: web}") && d.Contains("kind: Deployment"));
        await c.Server.ApplyYamlAsync(deployment);
        // Idle: the pods are created and the kubelet has tried them (its retries for missing config do not count as work).
        using (var bound = new CancellationTokenSource(TimeSpan.FromSeconds(60))) await c.Server.WaitIdleAsync(bound.Token);
        Assert.NotEmpty(c.Server.List("v1", "Pod", "default"));
        Assert.Null(Graylane.Core.Json.Obj.Int(c.Deployment("web")!["status"]?["readyReplicas"]));
        await c.Server.ApplyYamlAsync(string.Join("---\n", App.Split("---\n").Where(d => d != deployment)));
        await c.WaitReadyAsync("web");
        var (_, lines, _) = await RequestAsync(c, "--count", "20", "--show-env", "GREETING");
        Assert.Contains("-> web(v1) GREETING=hello-v1", lines);
    }

    [Fact]
    public async Task A_name_that_is_no_variable_name_is_bad_input()
    {
        await using var c = await ClusterFixture.StartAsync(App, "web");
        var (code, _, error) = await RequestAsync(c, "--show-env", "1A B");
        Assert.Equal(2, code);
        Assert.Contains("--show-env", error);
    }
}
