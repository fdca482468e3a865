using Graylane.Cli;
using Graylane.Tests.Support;

namespace Graylane.Tests.Cli;

/// <summary>`graylane sandbox request` names each hop by its version label, else by its Deployment (a k8s-deploy canary split).</summary>
public class SandboxRequestTests
{
    private static string Deployment(string name, int replicas = 1) => $$"""
        apiVersion: apps/v1
        kind: Deployment
        metadata: {name: {{name}}, namespace: default}
        spec:
          replicas: {{replicas}}
          selector:
            matchLabels: {app: web, workload: "{{name}}"}
          template:
            metadata:
              labels: {app: web, workload: "{{name}}"}
            spec:
              containers: [{name: web, image: "nginx:1.27", env: [{name: API_URL, value: "http://api:8080/v1"}]}]
        """;

    private const string Services = """
        apiVersion: v1
        kind: Service
        metadata: {name: web, namespace: default}
        spec: {selector: {app: web}, ports: [{name: http, port: 80}]}
        ---
        apiVersion: v1
        kind: Service
        metadata: {name: api, namespace: default}
        spec: {selector: {app: api}, ports: [{name: http, port: 8080}]}
        ---
        apiVersion: apps/v1
        kind: Deployment
        metadata: {name: api, namespace: default, labels: {app: api}}
        spec:
          replicas: 1
          selector: {matchLabels: {app: api}}
          template:
            metadata: {labels: {app: api, version: v7}}
            spec:
              containers: [{name: api, image: "api:7"}]
        """;

    [Fact]
    public async Task Hops_without_a_version_label_show_the_deployment_and_env_urls_are_followed()
    {
        await using var c = await ClusterFixture.StartAsync(
            string.Join("\n---\n", Services, Deployment("web-baseline"), Deployment("web-canary")), "web-canary");
        await c.WaitReadyAsync("web-baseline");
        await c.WaitReadyAsync("api");
        var stdout = new StringWriter();

        var code = await CommandDispatcher.RunAsync(
            ["sandbox", "request", "--kubeconfig", c.Kubeconfig, "--host", "web", "--count", "60"],
            new Dictionary<string, string>(), stdout, new StringWriter(), CancellationToken.None);

        Assert.Equal(0, code);
        var lines = stdout.ToString().Split('\n');
        // Both Deployments behind the Service serve; each path goes on to api through web's API_URL.
        Assert.Contains("-> web(web-canary) -> api(v7)", lines);
        Assert.Contains("-> web(web-baseline) -> api(v7)", lines);
        Assert.DoesNotContain(lines, l => l.StartsWith("-> web ", StringComparison.Ordinal) || l == "-> web");
    }

    [Fact]
    public async Task A_count_of_requests_splits_in_proportion_to_the_ready_pods_of_each_deployment()
    {
        await using var c = await ClusterFixture.StartAsync(
            string.Join("\n---\n", Services, Deployment("web-baseline", 4), Deployment("web-canary", 1)), "web-canary");
        await c.WaitReadyAsync("web-baseline");
        await c.WaitReadyAsync("api");
        var stdout = new StringWriter();

        var code = await CommandDispatcher.RunAsync(
            ["sandbox", "request", "--kubeconfig", c.Kubeconfig, "--host", "web", "--count", "100"],
            new Dictionary<string, string>(), stdout, new StringWriter(), CancellationToken.None);

        Assert.Equal(0, code);
        var tally = stdout.ToString().Split("\n\n", 2)[1].TrimEnd();
        Assert.Equal("   80  80.0%  -> web(web-baseline) -> api(v7)\n   20  20.0%  -> web(web-canary) -> api(v7)", tally);
    }
}
