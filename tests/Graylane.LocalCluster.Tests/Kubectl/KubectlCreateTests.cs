using System.Text;
using System.Text.Json.Nodes;

namespace Graylane.LocalCluster.Tests.Kubectl;

/// <summary>
/// kubectl's imperative commands send protobuf bodies (and never fall back to JSON): create, run, expose and
/// auth can-i against the local cluster, each checked in what the server stored.
/// </summary>
public sealed class KubectlCreateTests
{
    [KubectlFact]
    public async Task Create_namespace_configmap_secret_deployment_service_and_job()
    {
        await using var c = await TestCluster.StartAsync();
        var k = new KubectlRunner(c);

        Assert.Contains("namespace/shop created", await k.OkAsync("create", "namespace", "shop"));
        Assert.NotNull(c.Server.Get("v1", "Namespace", null, "shop"));

        Assert.Contains("configmap/cfg created", await k.OkAsync("create", "configmap", "cfg", "-n", "shop", "--from-literal=color=blue", "--from-literal=empty="));
        var cm = c.Server.Get("v1", "ConfigMap", "shop", "cfg")!;
        Assert.Equal("""{"color":"blue","empty":""}""", cm["data"]!.ToJsonString());

        Assert.Contains("secret/db created", await k.OkAsync("create", "secret", "generic", "db", "-n", "shop", "--from-literal=password=hunter2"));
        var secret = c.Server.Get("v1", "Secret", "shop", "db")!;
        Assert.Equal("hunter2", Encoding.UTF8.GetString(Convert.FromBase64String((string)secret["data"]!["password"]!)));

        Assert.Contains("deployment.apps/web created", await k.OkAsync("create", "deployment", "web", "-n", "shop", "--image=nginx:1.25", "--replicas=2", "--port=80"));
        var deploy = c.Server.Get("apps/v1", "Deployment", "shop", "web")!;
        Assert.Equal(2, (int?)deploy["spec"]!["replicas"]);
        Assert.Equal("web", (string?)deploy["spec"]!["selector"]!["matchLabels"]!["app"]);
        var container = deploy["spec"]!["template"]!["spec"]!["containers"]![0]!;
        Assert.Equal("""{"name":"nginx","image":"nginx:1.25","ports":[{"containerPort":80}],"resources":{}}""", container.ToJsonString());
        Assert.Null(deploy["spec"]!["template"]!["metadata"]!["creationTimestamp"]); // present and null, as the Go JSON writes it

        Assert.Contains("service/api created", await k.OkAsync("create", "service", "clusterip", "api", "-n", "shop", "--tcp=80:8080"));
        var service = c.Server.Get("v1", "Service", "shop", "api")!;
        Assert.Equal("""[{"name":"80-8080","protocol":"TCP","port":80,"targetPort":8080}]""", service["spec"]!["ports"]!.ToJsonString());
        Assert.Equal("api", (string?)service["spec"]!["selector"]!["app"]);

        Assert.Contains("job.batch/once created", await k.OkAsync("create", "job", "once", "-n", "shop", "--image=busybox:1.36", "--", "echo", "hi"));
        var job = c.Server.Get("batch/v1", "Job", "shop", "once")!;
        Assert.Equal("Never", (string?)job["spec"]!["template"]!["spec"]!["restartPolicy"]);
        Assert.Equal(["echo", "hi"], job["spec"]!["template"]!["spec"]!["containers"]![0]!["command"]!.AsArray().Select(x => (string)x!));

        // A server-side dry run decodes the same body and stores nothing.
        Assert.Contains("configmap/dry created (server dry run)", await k.OkAsync("create", "configmap", "dry", "-n", "shop", "--from-literal=a=b", "--dry-run=server"));
        Assert.Null(c.Server.Get("v1", "ConfigMap", "shop", "dry"));
    }

    [KubectlFact]
    public async Task Run_expose_and_auth_can_i()
    {
        await using var c = await TestCluster.StartAsync();
        var k = new KubectlRunner(c);

        Assert.Contains("pod/p created", await k.OkAsync("run", "p", "--image=nginx:1.25", "--labels=app=p", "--port=80", "--env=MODE=test"));
        var pod = c.Server.Get("v1", "Pod", "default", "p")!;
        Assert.Equal("p", (string?)pod["metadata"]!["labels"]!["app"]);
        Assert.Equal("""[{"name":"MODE","value":"test"}]""", pod["spec"]!["containers"]![0]!["env"]!.ToJsonString());
        Assert.Equal("Always", (string?)pod["spec"]!["restartPolicy"]);

        Assert.Contains("service/p exposed", await k.OkAsync("expose", "pod", "p", "--port=8080", "--target-port=80", "--name=p"));
        var service = c.Server.Get("v1", "Service", "default", "p")!;
        Assert.Equal("p", (string?)service["spec"]!["selector"]!["app"]);
        Assert.Equal(8080, (int?)service["spec"]!["ports"]![0]!["port"]);
        Assert.Equal(80, (int?)service["spec"]!["ports"]![0]!["targetPort"]);

        Assert.Equal("yes", (await k.OkAsync("auth", "can-i", "delete", "pods")).Trim());
        Assert.Contains("graylane-local-admin", await k.OkAsync("auth", "whoami"));
    }
}
