namespace Graylane.LocalCluster.Tests.Kubectl;

/// <summary>What kubectl users see of the server's defaulting and validation: allocated addresses, immutable fields.</summary>
public sealed class KubectlValidationTests
{
    [KubectlFact]
    public async Task Changing_a_deployments_selector_is_refused_as_a_real_server_refuses_it()
    {
        await using var c = await TestCluster.StartAsync();
        var k = new KubectlRunner(c);
        await k.OkAsync("create", "deployment", "web", "--image=nginx:1.27");

        var (exit, _, error) = await k.RunAsync("patch", "deployment", "web", "--type=merge",
            "-p", """{"spec":{"selector":{"matchLabels":{"app":"web","track":"stable"}},"template":{"metadata":{"labels":{"track":"stable"}}}}}""");

        Assert.NotEqual(0, exit);
        Assert.Contains("The Deployment \"web\" is invalid: spec.selector: Invalid value: {\"matchLabels\":{\"app\":\"web\",\"track\":\"stable\"}}: field is immutable", error);
        Assert.Equal("{\"app\":\"web\"}", await k.OkAsync("get", "deployment", "web", "-o", "jsonpath={.spec.selector.matchLabels}"));
    }

    [KubectlFact]
    public async Task A_service_shows_its_allocated_cluster_ip_which_kubectl_cannot_change()
    {
        await using var c = await TestCluster.StartAsync();
        var k = new KubectlRunner(c);
        await k.OkAsync("create", "service", "clusterip", "api", "--tcp=80:8080");
        var ip = await k.OkAsync("get", "service", "api", "-o", "jsonpath={.spec.clusterIP}");
        Assert.StartsWith("10.", ip);

        var table = await k.OkAsync("get", "service", "api");
        Assert.Contains(ip, table); // the CLUSTER-IP column
        Assert.Contains("80/TCP", table);

        var (exit, _, error) = await k.RunAsync("patch", "service", "api", "-p", """{"spec":{"clusterIP":"10.96.0.99"}}""");
        Assert.NotEqual(0, exit);
        Assert.Contains("The Service \"api\" is invalid: spec.clusterIPs[0]: Invalid value: [\"10.96.0.99\"]: may not change once set", error);

        // kubectl apply of a file without the address keeps it.
        var file = k.WriteFile("api.yaml", """
            apiVersion: v1
            kind: Service
            metadata: {name: api}
            spec:
              selector: {app: api}
              ports: [{name: 80-8080, port: 80, targetPort: 8080}]
            """);
        await k.OkAsync("apply", "-f", file);
        Assert.Equal(ip, await k.OkAsync("get", "service", "api", "-o", "jsonpath={.spec.clusterIP}"));
    }

    [KubectlFact]
    public async Task A_job_gets_a_generated_selector_and_an_immutable_config_map_refuses_edits()
    {
        await using var c = await TestCluster.StartAsync();
        var k = new KubectlRunner(c);
        await k.OkAsync("create", "job", "once", "--image=busybox:1.36", "--", "echo", "hi");
        var uid = await k.OkAsync("get", "job", "once", "-o", "jsonpath={.metadata.uid}");
        Assert.Equal(uid, await k.OkAsync("get", "job", "once", "-o", "jsonpath={.spec.selector.matchLabels.batch\\.kubernetes\\.io/controller-uid}"));
        var (exit, _, error) = await k.RunAsync("set", "image", "job/once", "once=busybox:1.37");
        Assert.NotEqual(0, exit);
        Assert.StartsWith("error: failed to patch image update to pod template: Job.batch \"once\" is invalid: spec.template: Invalid value:", error);
        Assert.Contains("field is immutable", error);

        await k.OkAsync("apply", "-f", k.WriteFile("cfg.yaml", """
            apiVersion: v1
            kind: ConfigMap
            metadata: {name: cfg}
            data: {color: blue}
            immutable: true
            """));
        (exit, _, error) = await k.RunAsync("patch", "configmap", "cfg", "-p", """{"data":{"color":"red"}}""");
        Assert.NotEqual(0, exit);
        Assert.Contains("The ConfigMap \"cfg\" is invalid: data: Forbidden: field is immutable when `immutable` is set", error);
    }
}
