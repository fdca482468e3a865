using Graylane.LocalCluster.Tests.Kubectl;

namespace Graylane.LocalCluster.Tests.Cel;

/// <summary>Real kubectl applying objects that break CRD CEL rules gets the real server's 422 text.</summary>
public sealed class KubectlCelTests
{
    [KubectlFact]
    public async Task Kubectl_apply_of_an_http_route_without_a_service_port_is_refused_with_the_rule_message()
    {
        await using var c = await TestCluster.StartAsync();
        await HttpRouteRuleTests.EnsureCrdAsync(c);
        var k = new KubectlRunner(c);
        var file = k.WriteFile("route.yaml", """
            apiVersion: gateway.networking.k8s.io/v1
            kind: HTTPRoute
            metadata:
              name: web
            spec:
              parentRefs:
              - name: gateway
              rules:
              - backendRefs:
                - name: web
                  port: 80
                  weight: 90
                - name: web-canary
                  weight: 10
            """);
        var (exit, _, err) = await k.RunAsync("apply", "-f", file);
        Assert.NotEqual(0, exit);
        // kubectl prints a 422 with causes as "The <Kind> "<name>" is invalid: <causes>".
        Assert.Contains("The HTTPRoute \"web\" is invalid: spec.rules[0].backendRefs[1]: Invalid value: \"object\": Must have port for Service reference", err);

        k.WriteFile("route.yaml", File.ReadAllText(file).Replace("  weight: 10", "  port: 80\n      weight: 10"));
        var created = await k.OkAsync("apply", "-f", file);
        Assert.Contains("httproute.gateway.networking.k8s.io/web created", created);
    }

    [KubectlFact]
    public async Task Kubectl_apply_of_a_virtual_service_with_a_zero_timeout_is_refused_and_the_stored_one_kept()
    {
        await using var c = await TestCluster.StartAsync();
        var k = new KubectlRunner(c);
        const string vs = """
            apiVersion: networking.istio.io/v1
            kind: VirtualService
            metadata:
              name: web
            spec:
              hosts: [web]
              http:
              - timeout: 5s
                route:
                - destination: {host: web}
            """;
        var file = k.WriteFile("vs.yaml", vs);
        await k.OkAsync("apply", "-f", file);
        k.WriteFile("vs.yaml", vs.Replace("timeout: 5s", "timeout: 0s"));
        var (exit, _, err) = await k.RunAsync("apply", "-f", file);
        Assert.NotEqual(0, exit);
        Assert.Contains("The VirtualService \"web\" is invalid: spec.http[0].timeout: Invalid value: \"string\": must be a valid duration greater than 1ms", err);
        Assert.Equal("5s", (string?)c.Server.Get("networking.istio.io/v1", "VirtualService", "default", "web")!["spec"]!["http"]![0]!["timeout"]);
    }

    [KubectlFact]
    public async Task Kubectl_shows_the_warning_for_a_rule_the_local_cluster_cannot_evaluate()
    {
        await using var c = await TestCluster.StartAsync();
        await WidgetCrd.InstallAsync(c);
        var k = new KubectlRunner(c);
        var file = k.WriteFile("widget.yaml", """
            apiVersion: cel.example.com/v1
            kind: Widget
            metadata:
              name: web
            spec:
              version: one
            """);
        var (exit, output, err) = await k.RunAsync("apply", "-f", file);
        Assert.True(exit == 0, err);
        Assert.Contains("widget.cel.example.com/web created", output);
        Assert.Contains("Warning: spec.version: x-kubernetes-validations rule not evaluated by the local cluster", err);
    }
}
