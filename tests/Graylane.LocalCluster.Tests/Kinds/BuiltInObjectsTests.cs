using System.Text.Json.Nodes;

namespace Graylane.LocalCluster.Tests.Kinds;

/// <summary>Objects of the kinds beyond the release's own are stored, read, scaled and converted like a real server's.</summary>
public sealed class BuiltInObjectsTests
{
    private const string Pdb = """{"apiVersion":"policy/v1","kind":"PodDisruptionBudget","metadata":{"name":"web"},"spec":{"minAvailable":1,"selector":{"matchLabels":{"app":"web"}}}}""";

    [Fact]
    public async Task A_pod_disruption_budget_is_created_read_listed_and_deleted()
    {
        await using var c = await TestCluster.StartAsync();
        var (code, created) = await c.SendJsonAsync(HttpMethod.Post, "/apis/policy/v1/namespaces/default/poddisruptionbudgets", Pdb);
        Assert.Equal(201, code);
        Assert.NotNull((string?)created["metadata"]!["uid"]);
        var (_, list) = await c.SendJsonAsync(HttpMethod.Get, "/apis/policy/v1/poddisruptionbudgets");
        Assert.Equal("PodDisruptionBudgetList", (string?)list["kind"]);
        Assert.Equal("web", (string?)Assert.Single(list["items"]!.AsArray())!["metadata"]!["name"]);
        (code, _) = await c.SendJsonAsync(HttpMethod.Delete, "/apis/policy/v1/namespaces/default/poddisruptionbudgets/web");
        Assert.Equal(200, code);
        Assert.Null(c.Server.Get("policy/v1", "PodDisruptionBudget", "default", "web"));
    }

    [Fact]
    public async Task A_statefulset_scales_through_its_scale_subresource()
    {
        await using var c = await TestCluster.StartAsync();
        await c.Server.ApplyYamlAsync("""
            apiVersion: apps/v1
            kind: StatefulSet
            metadata: {name: db}
            spec:
              serviceName: db
              replicas: 1
              selector: {matchLabels: {app: db}}
              template:
                metadata: {labels: {app: db}}
                spec: {containers: [{name: db, image: postgres:16}]}
            """);
        var (code, scale) = await c.SendJsonAsync(HttpMethod.Patch, "/apis/apps/v1/namespaces/default/statefulsets/db/scale",
            """{"spec":{"replicas":3}}""", "application/merge-patch+json");
        Assert.Equal(200, code);
        Assert.Equal("Scale", (string?)scale["kind"]);
        Assert.Equal("app=db", (string?)scale["status"]!["selector"]);
        Assert.Equal(3L, (long?)c.Server.Get("apps/v1", "StatefulSet", "default", "db")!["spec"]!["replicas"]);
    }

    [Fact]
    public async Task A_horizontal_pod_autoscaler_is_stored_as_v2_and_read_and_written_as_v1_without_losing_fields()
    {
        await using var c = await TestCluster.StartAsync();
        await c.Server.ApplyYamlAsync("""
            apiVersion: autoscaling/v2
            kind: HorizontalPodAutoscaler
            metadata: {name: web}
            spec:
              scaleTargetRef: {apiVersion: apps/v1, kind: Deployment, name: web}
              minReplicas: 2
              maxReplicas: 10
              metrics:
              - type: Resource
                resource: {name: cpu, target: {type: Utilization, averageUtilization: 70}}
              - type: Resource
                resource: {name: memory, target: {type: AverageValue, averageValue: 500Mi}}
            """);
        var (_, v1) = await c.SendJsonAsync(HttpMethod.Get, "/apis/autoscaling/v1/namespaces/default/horizontalpodautoscalers/web");
        Assert.Equal("autoscaling/v1", (string?)v1["apiVersion"]);
        Assert.Equal(70, (int?)v1["spec"]!["targetCPUUtilizationPercentage"]);
        Assert.Null(v1["spec"]!["metrics"]);
        Assert.Contains("memory", (string?)v1["metadata"]!["annotations"]!["autoscaling.alpha.kubernetes.io/metrics"]);

        v1["spec"]!["maxReplicas"] = 12;
        v1["spec"]!["targetCPUUtilizationPercentage"] = 60;
        var (code, _) = await c.SendJsonAsync(HttpMethod.Put, "/apis/autoscaling/v1/namespaces/default/horizontalpodautoscalers/web", v1.ToJsonString());
        Assert.Equal(200, code);

        var v2 = c.Server.Get("autoscaling/v2", "HorizontalPodAutoscaler", "default", "web")!;
        Assert.Equal(12, (int?)v2["spec"]!["maxReplicas"]);
        var metrics = v2["spec"]!["metrics"]!.AsArray();
        Assert.Equal(["cpu", "memory"], metrics.Select(m => (string)m!["resource"]!["name"]!));
        Assert.Equal(60, (int?)metrics[0]!["resource"]!["target"]!["averageUtilization"]);
        Assert.Null(v2["metadata"]!["annotations"]);
    }

    [Fact]
    public async Task The_access_reviews_kubectl_auth_uses_answer_for_the_local_user()
    {
        await using var c = await TestCluster.StartAsync();
        var (code, review) = await c.SendJsonAsync(HttpMethod.Post, "/apis/authorization.k8s.io/v1/selfsubjectaccessreviews",
            """{"apiVersion":"authorization.k8s.io/v1","kind":"SelfSubjectAccessReview","spec":{"resourceAttributes":{"verb":"delete","resource":"pods","namespace":"default"}}}""");
        Assert.Equal(201, code);
        Assert.True((bool)review["status"]!["allowed"]!);
        Assert.Equal("delete", (string?)review["spec"]!["resourceAttributes"]!["verb"]);

        var (_, whoami) = await c.SendJsonAsync(HttpMethod.Post, "/apis/authentication.k8s.io/v1/selfsubjectreviews",
            """{"apiVersion":"authentication.k8s.io/v1","kind":"SelfSubjectReview"}""");
        Assert.Equal("graylane-local-admin", (string?)whoami["status"]!["userInfo"]!["username"]);

        var (_, token) = await c.SendJsonAsync(HttpMethod.Post, "/apis/authentication.k8s.io/v1/tokenreviews",
            """{"apiVersion":"authentication.k8s.io/v1","kind":"TokenReview","spec":{"token":"not-the-token"}}""");
        Assert.Null((bool?)token["status"]!["authenticated"]);
    }

    [Fact]
    public async Task A_binding_assigns_a_pod_to_a_node_once()
    {
        await using var c = await TestCluster.StartAsync();
        await c.Server.ApplyYamlAsync("{apiVersion: v1, kind: Pod, metadata: {name: p}, spec: {containers: [{name: c, image: busybox}]}}");
        const string binding = """{"apiVersion":"v1","kind":"Binding","metadata":{"name":"p"},"target":{"kind":"Node","name":"node-a"}}""";
        var (code, _) = await c.SendJsonAsync(HttpMethod.Post, "/api/v1/namespaces/default/bindings", binding);
        Assert.Equal(201, code);
        Assert.Equal("node-a", (string?)c.Server.Get("v1", "Pod", "default", "p")!["spec"]!["nodeName"]);
        var (again, status) = await c.SendJsonAsync(HttpMethod.Post, "/api/v1/namespaces/default/bindings", binding);
        Assert.Equal(409, again);
        Assert.Contains("is already assigned to node \"node-a\"", (string?)status["message"]);
    }

    [Fact]
    public async Task The_gateway_api_crds_are_served_next_to_istios()
    {
        await using var c = await TestCluster.StartAsync();
        var (_, group) = await c.SendJsonAsync(HttpMethod.Get, "/apis/gateway.networking.k8s.io");
        Assert.Equal("gateway.networking.k8s.io/v1", (string?)group["preferredVersion"]!["groupVersion"]);
        var (_, v1) = await c.SendJsonAsync(HttpMethod.Get, "/apis/gateway.networking.k8s.io/v1");
        var names = v1["resources"]!.AsArray().ToDictionary(r => (string)r!["name"]!, r => r!);
        foreach (var plural in new[] { "gatewayclasses", "gateways", "httproutes", "grpcroutes", "referencegrants", "backendtlspolicies", "listenersets" })
            Assert.True(names.ContainsKey(plural), plural);
        Assert.False((bool)names["gatewayclasses"]["namespaced"]!);
        Assert.Contains("httproutes/status", names.Keys);

        const string route = """
            {"apiVersion":"gateway.networking.k8s.io/v1","kind":"HTTPRoute","metadata":{"name":"web"},
             "spec":{"parentRefs":[{"name":"gw"}],"rules":[{"backendRefs":[{"name":"web-v1","port":80,"weight":80},{"name":"web-v2","port":80,"weight":20}]}]}}
            """;
        var (code, _) = await c.SendJsonAsync(HttpMethod.Post, "/apis/gateway.networking.k8s.io/v1/namespaces/default/httproutes", route);
        Assert.Equal(201, code);
        var (bad, status) = await c.SendJsonAsync(HttpMethod.Post, "/apis/gateway.networking.k8s.io/v1/namespaces/default/httproutes",
            route.Replace("\"web\"}", "\"web2\"}").Replace("\"weight\":20", "\"weight\":\"twenty\""));
        Assert.Equal(422, bad);
        Assert.Contains("must be of type integer", (string?)status["message"]);

        // The CRD objects themselves are there (and Established), the admission policy shipped next to them is not.
        var (_, crds) = await c.SendJsonAsync(HttpMethod.Get, "/apis/apiextensions.k8s.io/v1/customresourcedefinitions");
        var httpRoutes = crds["items"]!.AsArray().Single(i => (string?)i!["metadata"]!["name"] == "httproutes.gateway.networking.k8s.io")!;
        Assert.Contains(httpRoutes["status"]!["conditions"]!.AsArray(), x => (string?)x!["type"] == "Established");
        Assert.Contains(crds["items"]!.AsArray(), i => (string?)i!["metadata"]!["name"] == "virtualservices.networking.istio.io");
        var (_, policies) = await c.SendJsonAsync(HttpMethod.Get, "/apis/admissionregistration.k8s.io/v1/validatingadmissionpolicies");
        Assert.Empty(policies["items"]!.AsArray());
    }

    [Fact]
    public async Task The_gateway_api_crds_can_be_left_out()
    {
        await using var c = await TestCluster.StartAsync(new LocalClusterOptions { LoadGatewayApiCrds = false });
        var (code, _) = await c.SendJsonAsync(HttpMethod.Get, "/apis/gateway.networking.k8s.io/v1");
        Assert.Equal(404, code);
    }
}
