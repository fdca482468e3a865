using System.Text.RegularExpressions;

namespace Graylane.LocalCluster.Tests.Kubectl;

/// <summary>kubectl get prints what the server's tables say: the columns users know, -o wide, field selectors on Events.</summary>
public sealed class KubectlTableTests
{
    private const string App = """
        apiVersion: apps/v1
        kind: Deployment
        metadata: {name: web}
        spec:
          replicas: 2
          selector: {matchLabels: {app: web}}
          template:
            metadata: {labels: {app: web}}
            spec:
              containers: [{name: web, image: "nginx:1.27"}]
        status: {replicas: 2, updatedReplicas: 2, readyReplicas: 2, availableReplicas: 2}
        ---
        apiVersion: v1
        kind: Service
        metadata: {name: web}
        spec:
          clusterIP: 10.96.0.20
          clusterIPs: [10.96.0.20]
          selector: {app: web}
          ports: [{name: http, port: 80, targetPort: 8080}]
        ---
        apiVersion: v1
        kind: Event
        metadata: {name: web.1}
        involvedObject: {kind: Deployment, name: web, namespace: default}
        reason: ScalingReplicaSet
        type: Normal
        message: Scaled up replica set web-5d4f to 2
        ---
        apiVersion: v1
        kind: Event
        metadata: {name: other.1}
        involvedObject: {kind: Pod, name: other, namespace: default}
        reason: Pulled
        type: Normal
        message: Container image pulled
        """;

    [KubectlFact]
    public async Task Get_deployments_shows_ready_up_to_date_and_available()
    {
        await using var c = await TestCluster.StartAsync();
        await c.Server.ApplyYamlAsync(App);
        var k = new KubectlRunner(c);

        var lines = Lines(await k.OkAsync("get", "deploy"));
        Assert.Equal(["NAME", "READY", "UP-TO-DATE", "AVAILABLE", "AGE"], Words(lines[0]));
        Assert.Equal(["web", "2/2", "2", "2"], Words(lines[1])[..4]);

        var wide = Lines(await k.OkAsync("get", "deploy", "web", "-o", "wide"));
        Assert.Equal(["NAME", "READY", "UP-TO-DATE", "AVAILABLE", "AGE", "CONTAINERS", "IMAGES", "SELECTOR"], Words(wide[0]));
        Assert.Equal(["web", "nginx:1.27", "app=web"], Words(wide[1])[5..]);

        var svc = Lines(await k.OkAsync("get", "svc", "web"));
        Assert.Equal(["NAME", "TYPE", "CLUSTER-IP", "EXTERNAL-IP", "PORT(S)", "AGE"], Words(svc[0]));
        Assert.Equal(["web", "ClusterIP", "10.96.0.20", "<none>", "80/TCP"], Words(svc[1])[..5]);

        // Namespaces of every cluster, and the NAMESPACE column kubectl adds from each row's metadata.
        var all = Lines(await k.OkAsync("get", "deploy", "-A"));
        Assert.Equal(["NAMESPACE", "NAME", "READY"], Words(all[0])[..3]);
        Assert.Equal(["default", "web", "2/2"], Words(all[1])[..3]);
    }

    [KubectlFact]
    public async Task Get_events_with_a_field_selector_shows_only_that_objects_events()
    {
        await using var c = await TestCluster.StartAsync();
        await c.Server.ApplyYamlAsync(App);
        var k = new KubectlRunner(c);

        var lines = Lines(await k.OkAsync("get", "events", "--field-selector", "involvedObject.name=web"));

        Assert.Equal(["LAST", "SEEN", "TYPE", "REASON", "OBJECT", "MESSAGE"], Words(lines[0]));
        Assert.Equal(2, lines.Length);
        Assert.Contains("deployment/web", lines[1]);
        Assert.Contains("Scaled up replica set web-5d4f to 2", lines[1]);

        var (exit, _, error) = await k.RunAsync("get", "events", "--field-selector", "involvedObject.colour=red");
        Assert.NotEqual(0, exit);
        Assert.Contains("field label not supported: involvedObject.colour", error);
    }

    [KubectlFact]
    public async Task Get_custom_resources_uses_the_crds_printer_columns()
    {
        await using var c = await TestCluster.StartAsync();
        await c.Server.ApplyYamlAsync("""
            apiVersion: networking.istio.io/v1
            kind: VirtualService
            metadata: {name: reviews}
            spec:
              hosts: [reviews]
              gateways: [mesh]
              http: [{route: [{destination: {host: reviews}}]}]
            """);
        var k = new KubectlRunner(c);

        var lines = Lines(await k.OkAsync("get", "virtualservices"));

        Assert.Equal(["NAME", "GATEWAYS", "HOSTS", "AGE"], Words(lines[0]));
        Assert.Equal(["reviews", "[\"mesh\"]", "[\"reviews\"]"], Words(lines[1])[..3]);
    }

    internal static string[] Lines(string output) => output.Split('\n', StringSplitOptions.RemoveEmptyEntries);

    internal static string[] Words(string line) => Regex.Split(line.Trim(), @"\s+");
}
