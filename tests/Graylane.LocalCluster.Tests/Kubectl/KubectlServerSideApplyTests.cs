using System.Text.Json.Nodes;

namespace Graylane.LocalCluster.Tests.Kubectl;

/// <summary>kubectl apply --server-side, field ownership and kubectl diff against the local cluster, as a real server answers them.</summary>
public sealed class KubectlServerSideApplyTests
{
    private static string App(int replicas = 2, string image = "nginx:1.27", string labels = "app: web") => $$"""
        apiVersion: apps/v1
        kind: Deployment
        metadata:
          name: web
          labels: {{{labels}}}
        spec:
          replicas: {{replicas}}
          selector:
            matchLabels: {app: web}
          template:
            metadata:
              labels: {app: web}
            spec:
              containers:
              - name: web
                image: "{{image}}"
                ports:
                - containerPort: 80
        """;

    [KubectlFact]
    public async Task Applying_twice_is_a_no_op_and_the_apply_is_recorded_in_managed_fields()
    {
        await using var c = await TestCluster.StartAsync();
        var k = new KubectlRunner(c);
        var file = k.WriteFile("app.yaml", App());

        Assert.Contains("deployment.apps/web serverside-applied", await k.OkAsync("apply", "--server-side", "-f", file));
        var version = await k.OkAsync("get", "deploy", "web", "-o", "jsonpath={.metadata.resourceVersion}");
        Assert.Contains("deployment.apps/web serverside-applied", await k.OkAsync("apply", "--server-side", "-f", file));
        Assert.Equal(version, await k.OkAsync("get", "deploy", "web", "-o", "jsonpath={.metadata.resourceVersion}"));

        var obj = (JsonObject)JsonNode.Parse(await k.OkAsync("get", "deploy", "web", "-o", "json", "--show-managed-fields"))!;
        var entry = Assert.Single(obj["metadata"]!["managedFields"]!.AsArray());
        Assert.Equal("kubectl", (string?)entry!["manager"]);
        Assert.Equal("Apply", (string?)entry["operation"]);
        Assert.NotNull(entry["fieldsV1"]!["f:spec"]!["f:template"]!["f:spec"]!["f:containers"]!["k:{\"name\":\"web\"}"]!["f:image"]);
    }

    [KubectlFact]
    public async Task A_field_owned_by_client_side_apply_conflicts_until_forced()
    {
        await using var c = await TestCluster.StartAsync();
        var k = new KubectlRunner(c);
        var file = k.WriteFile("app.yaml", App(replicas: 2));
        Assert.Contains("deployment.apps/web created", await k.OkAsync("apply", "-f", file));

        k.WriteFile("app.yaml", App(replicas: 3));
        var (exit, _, error) = await k.RunAsync("apply", "--server-side", "--field-manager", "ci", "-f", file);
        Assert.NotEqual(0, exit);
        Assert.Contains("Apply failed with 1 conflict: conflict with \"kubectl-client-side-apply\" using apps/v1: .spec.replicas", error);
        Assert.Equal("2", await k.OkAsync("get", "deploy", "web", "-o", "jsonpath={.spec.replicas}"));

        Assert.Contains("serverside-applied", await k.OkAsync("apply", "--server-side", "--field-manager", "ci", "--force-conflicts", "-f", file));
        Assert.Equal("3", await k.OkAsync("get", "deploy", "web", "-o", "jsonpath={.spec.replicas}"));
        // kubectl then moves what client-side apply owned to its apply manager (a JSON patch of managedFields, guarded by
        // resourceVersion) and drops the last-applied annotation: one Apply entry is left.
        var obj = (JsonObject)JsonNode.Parse(await k.OkAsync("get", "deploy", "web", "-o", "json", "--show-managed-fields"))!;
        var entry = Assert.Single(obj["metadata"]!["managedFields"]!.AsArray());
        Assert.Equal(("ci", "Apply"), ((string?)entry!["manager"], (string?)entry["operation"]));
        Assert.NotNull(entry["fieldsV1"]!["f:spec"]!["f:replicas"]);
        Assert.Null(obj["metadata"]!["annotations"]?["kubectl.kubernetes.io/last-applied-configuration"]);
    }

    [KubectlFact]
    public async Task Fields_dropped_from_the_applied_file_are_removed()
    {
        await using var c = await TestCluster.StartAsync();
        var k = new KubectlRunner(c);
        var file = k.WriteFile("app.yaml", App(labels: "app: web, tier: front"));
        await k.OkAsync("apply", "--server-side", "-f", file);
        Assert.Equal("front", await k.OkAsync("get", "deploy", "web", "-o", "jsonpath={.metadata.labels.tier}"));

        k.WriteFile("app.yaml", App(labels: "app: web"));
        await k.OkAsync("apply", "--server-side", "-f", file);

        Assert.Equal("", await k.OkAsync("get", "deploy", "web", "-o", "jsonpath={.metadata.labels.tier}"));
        Assert.Equal("web", await k.OkAsync("get", "deploy", "web", "-o", "jsonpath={.metadata.labels.app}"));
    }

    [KubectlFact]
    public async Task Diff_shows_what_an_apply_would_change_and_nothing_when_it_would_change_nothing()
    {
        await using var c = await TestCluster.StartAsync();
        var k = new KubectlRunner(c);
        var file = k.WriteFile("app.yaml", App());
        await k.OkAsync("apply", "--server-side", "-f", file);

        var (same, sameOut, sameErr) = await k.RunAsync("diff", "--server-side", "-f", file);
        Assert.True(same == 0, sameOut + sameErr);

        k.WriteFile("app.yaml", App(image: "nginx:1.28"));
        var (changed, diff, error) = await k.RunAsync("diff", "--server-side", "-f", file);
        Assert.True(changed == 1, diff + error);
        Assert.Contains("-      - image: nginx:1.27", diff);
        Assert.Contains("+      - image: nginx:1.28", diff);
        Assert.Contains("-  generation: 1", diff); // a spec change bumps generation, in a dry run too
        Assert.Contains("+  generation: 2", diff);
        Assert.Equal("nginx:1.27", await k.OkAsync("get", "deploy", "web", "-o", "jsonpath={.spec.template.spec.containers[0].image}"));
    }

    [KubectlFact]
    public async Task Custom_resources_apply_server_side_with_their_crds_schema()
    {
        await using var c = await TestCluster.StartAsync();
        var k = new KubectlRunner(c);
        const string vs = """
            apiVersion: networking.istio.io/v1
            kind: VirtualService
            metadata: {name: reviews}
            spec:
              hosts: [reviews]
              http:
              - route:
                - destination: {host: reviews, subset: v1}
                  weight: 90
                - destination: {host: reviews, subset: v2}
                  weight: 10
            """;
        var file = k.WriteFile("vs.yaml", vs);
        Assert.Contains("virtualservice.networking.istio.io/reviews serverside-applied", await k.OkAsync("apply", "--server-side", "-f", file));
        var version = await k.OkAsync("get", "vs", "reviews", "-o", "jsonpath={.metadata.resourceVersion}");
        await k.OkAsync("apply", "--server-side", "-f", file);
        Assert.Equal(version, await k.OkAsync("get", "vs", "reviews", "-o", "jsonpath={.metadata.resourceVersion}"));

        // Graylane (an updater) shifts the weights; the applier's stale weights now conflict with it.
        await k.OkAsync("patch", "vs", "reviews", "--type", "json", "--field-manager", "graylane",
            "-p", """[{"op":"replace","path":"/spec/http/0/route/0/weight","value":50},{"op":"replace","path":"/spec/http/0/route/1/weight","value":50}]""");
        var (exit, _, error) = await k.RunAsync("apply", "--server-side", "-f", file);
        Assert.NotEqual(0, exit);
        Assert.Contains("conflict with \"graylane\" using networking.istio.io/v1: .spec.http", error);
    }
}
