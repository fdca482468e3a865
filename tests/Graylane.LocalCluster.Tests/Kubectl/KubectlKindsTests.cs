namespace Graylane.LocalCluster.Tests.Kubectl;

/// <summary>The manifests a typical app carries besides its Deployment and Service, through the real kubectl.</summary>
public sealed class KubectlKindsTests
{
    private const string Manifests = """
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
        ---
        apiVersion: policy/v1
        kind: PodDisruptionBudget
        metadata: {name: web}
        spec:
          minAvailable: 1
          selector: {matchLabels: {app: web}}
        ---
        apiVersion: networking.k8s.io/v1
        kind: Ingress
        metadata: {name: web}
        spec:
          rules:
          - host: web.example.com
            http:
              paths:
              - {path: /, pathType: Prefix, backend: {service: {name: web, port: {number: 80}}}}
        ---
        apiVersion: networking.k8s.io/v1
        kind: NetworkPolicy
        metadata: {name: web}
        spec:
          podSelector: {matchLabels: {app: web}}
          ingress: [{from: [{podSelector: {}}]}]
        ---
        apiVersion: rbac.authorization.k8s.io/v1
        kind: Role
        metadata: {name: web}
        rules: [{apiGroups: [""], resources: [pods], verbs: [get, list]}]
        ---
        apiVersion: batch/v1
        kind: CronJob
        metadata: {name: web}
        spec:
          schedule: "*/5 * * * *"
          jobTemplate:
            spec:
              template:
                spec:
                  restartPolicy: OnFailure
                  containers: [{name: c, image: busybox:1.36}]
        ---
        apiVersion: apps/v1
        kind: StatefulSet
        metadata: {name: db}
        spec:
          serviceName: db
          replicas: 1
          selector: {matchLabels: {app: db}}
          template:
            metadata: {labels: {app: db}}
            spec:
              containers: [{name: db, image: postgres:16}]
        """;

    [KubectlFact]
    public async Task Apply_get_and_scale_the_other_kinds_of_an_app()
    {
        await using var c = await TestCluster.StartAsync();
        var k = new KubectlRunner(c);
        var file = k.WriteFile("app.yaml", Manifests);

        var created = await k.OkAsync("apply", "-f", file);
        foreach (var line in new[] { "horizontalpodautoscaler.autoscaling/web created", "poddisruptionbudget.policy/web created",
                     "ingress.networking.k8s.io/web created", "networkpolicy.networking.k8s.io/web created", "role.rbac.authorization.k8s.io/web created",
                     "cronjob.batch/web created", "statefulset.apps/db created" })
            Assert.Contains(line, created);
        var again = await k.OkAsync("apply", "-f", file);
        Assert.Contains("statefulset.apps/db unchanged", again);
        Assert.Contains("horizontalpodautoscaler.autoscaling/web unchanged", again);
        // (kubectl itself always sends a PodDisruptionBudget's selector again: its patch strategy is "replace".)

        var names = await k.OkAsync("get", "hpa,pdb,ing,netpol,role,cj,sts", "-o", "name");
        Assert.Equal(["horizontalpodautoscaler.autoscaling/web", "poddisruptionbudget.policy/web", "ingress.networking.k8s.io/web",
            "networkpolicy.networking.k8s.io/web", "role.rbac.authorization.k8s.io/web", "cronjob.batch/web", "statefulset.apps/db"],
            names.Split('\n', StringSplitOptions.RemoveEmptyEntries));
        Assert.Equal("70", await k.OkAsync("get", "hpa", "web", "-o", "jsonpath={.spec.metrics[0].resource.target.averageUtilization}"));
        Assert.Equal("70", await k.OkAsync("get", "horizontalpodautoscalers.v1.autoscaling", "web", "-o", "jsonpath={.spec.targetCPUUtilizationPercentage}"));
        Assert.Contains("web", await k.OkAsync("get", "all"));

        Assert.Contains("statefulset.apps/db scaled", await k.OkAsync("scale", "sts", "db", "--replicas=3"));
        Assert.Equal("3", await k.OkAsync("get", "sts", "db", "-o", "jsonpath={.spec.replicas}"));

        await k.OkAsync("delete", "-f", file);
        Assert.Contains("No resources found", (await k.RunAsync("get", "hpa,pdb,ing,netpol,role,cj,sts")).Err);
    }

    [KubectlFact]
    public async Task Api_resources_lists_the_built_in_kinds_and_the_gateway_api()
    {
        await using var c = await TestCluster.StartAsync();
        var k = new KubectlRunner(c);
        var resources = await k.OkAsync("api-resources", "-o", "name");
        foreach (var name in new[] { "horizontalpodautoscalers.autoscaling", "poddisruptionbudgets.policy", "networkpolicies.networking.k8s.io",
                     "statefulsets.apps", "cronjobs.batch", "roles.rbac.authorization.k8s.io", "endpointslices.discovery.k8s.io",
                     "httproutes.gateway.networking.k8s.io", "virtualservices.networking.istio.io" })
            Assert.Contains(name, resources.Split('\n'));
        // With Istio and the Gateway API both installed, "gateways" is the Gateway API's and "gw" Istio's, as on a real cluster.
        Assert.Contains("No resources found", (await k.RunAsync("get", "gateways")).Err);
        Assert.Equal(0, (await k.RunAsync("get", "gw")).Exit);
    }
}
