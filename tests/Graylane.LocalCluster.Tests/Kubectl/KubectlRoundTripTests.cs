using System.Text.Json.Nodes;

namespace Graylane.LocalCluster.Tests.Kubectl;

/// <summary>The real kubectl (v1.32) against the local cluster: discovery, client-side apply, patches, delete.</summary>
public sealed class KubectlRoundTripTests
{
    private const string App = """
        apiVersion: apps/v1
        kind: Deployment
        metadata:
          name: web
          labels: {app: web}
        spec:
          replicas: 2
          selector:
            matchLabels: {app: web}
          template:
            metadata:
              labels: {app: web}
            spec:
              containers:
              - name: web
                image: nginx:1.25
                ports:
                - containerPort: 80
              - name: side
                image: busybox:1.36
        ---
        apiVersion: v1
        kind: Service
        metadata:
          name: web
        spec:
          selector: {app: web}
          ports:
          - port: 80
            targetPort: 80
        """;

    private const string VirtualService = """
        apiVersion: networking.istio.io/v1
        kind: VirtualService
        metadata:
          name: web
        spec:
          hosts: [web]
          http:
          - route:
            - destination: {host: web, subset: v1}
              weight: 80
            - destination: {host: web, subset: v2}
              weight: 20
        """;

    [KubectlFact]
    public async Task Get_apply_patch_and_delete_work_against_the_local_cluster()
    {
        await using var c = await TestCluster.StartAsync();
        var k = new KubectlRunner(c);

        var namespaces = await k.OkAsync("get", "ns");
        Assert.Contains("istio-system", namespaces);
        Assert.Contains("kube-system", namespaces);

        var file = k.WriteFile("app.yaml", App);
        var created = await k.OkAsync("apply", "-f", file);
        Assert.Contains("deployment.apps/web created", created);
        Assert.Contains("service/web created", created);

        // Second apply with a change: client-side apply computes a strategic merge patch from last-applied.
        k.WriteFile("app.yaml", App.Replace("nginx:1.25", "nginx:1.26").Replace("replicas: 2", "replicas: 3"));
        var configured = await k.OkAsync("apply", "-f", file);
        Assert.Contains("deployment.apps/web configured", configured);
        Assert.Contains("service/web unchanged", configured);
        var deploy = Deployment(await k.OkAsync("get", "deploy", "web", "-o", "json"));
        Assert.Equal(3, (int?)deploy["spec"]!["replicas"]);
        Assert.Equal("nginx:1.26", (string?)deploy["spec"]!["template"]!["spec"]!["containers"]![0]!["image"]);
        Assert.Equal(80, (int?)deploy["spec"]!["template"]!["spec"]!["containers"]![0]!["ports"]![0]!["containerPort"]);
        Assert.NotNull(deploy["metadata"]!["annotations"]!["kubectl.kubernetes.io/last-applied-configuration"]);

        await k.OkAsync("patch", "deploy", "web", "-p", """{"spec":{"template":{"spec":{"containers":[{"name":"side","image":"busybox:1.37"}]}}}}""");
        await k.OkAsync("patch", "deploy", "web", "--type", "merge", "-p", """{"metadata":{"labels":{"team":"a"}}}""");
        await k.OkAsync("patch", "deploy", "web", "--type", "json", "-p", """[{"op":"replace","path":"/spec/replicas","value":5}]""");
        var stored = c.Server.Get("apps/v1", "Deployment", "default", "web")!;
        Assert.Equal(5, (int?)stored["spec"]!["replicas"]);
        Assert.Equal("a", (string?)stored["metadata"]!["labels"]!["team"]);
        var containers = stored["spec"]!["template"]!["spec"]!["containers"]!.AsArray();
        Assert.Equal(["nginx:1.26", "busybox:1.37"], containers.Select(x => (string?)x!["image"]));

        var vsFile = k.WriteFile("vs.yaml", VirtualService);
        Assert.Contains("virtualservice.networking.istio.io/web created", await k.OkAsync("apply", "-f", vsFile));
        k.WriteFile("vs.yaml", VirtualService.Replace("weight: 80", "weight: 70").Replace("weight: 20", "weight: 30"));
        Assert.Contains("configured", await k.OkAsync("apply", "-f", vsFile));
        Assert.Equal("30", await k.OkAsync("get", "vs", "web", "-o", "jsonpath={.spec.http[0].route[1].weight}"));

        k.WriteFile("bad.yaml", VirtualService.Replace("weight: 20", "weight: abc"));
        var (exit, _, error) = await k.RunAsync("apply", "-f", Path.Combine(c.Dir, "bad.yaml"));
        Assert.NotEqual(0, exit);
        Assert.Contains("must be of type integer", error);

        await k.OkAsync("delete", "-f", file);
        await k.OkAsync("delete", "vs", "web");
        Assert.Empty(c.Server.List("apps/v1", "Deployment", "default"));
        Assert.Empty(c.Server.List("networking.istio.io/v1", "VirtualService", "default"));
    }

    private static JsonObject Deployment(string json) => (JsonObject)JsonNode.Parse(json)!;
}
