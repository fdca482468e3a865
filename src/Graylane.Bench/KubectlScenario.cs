namespace Graylane.Bench;

/// <summary>
/// The same release as most pipeline scripts (and Azure's KubernetesManifest / k8s-deploy style steps) do it:
/// get + clone + apply, rollout status, a selector patch, a scale, a VirtualService patch. One discovery cache per
/// scenario, fresh like a CI job's. There is no kubectl counterpart of rollback after promote.
/// </summary>
public static class KubectlScenario
{
    public static async Task<List<Measurement>> ServiceAsync(Tool kubectl)
    {
        await using var c = await BenchCluster.StartAsync(Seeds.Nginx, "nginx");
        return
        [
            await DeployAsync(c, kubectl, Operations.DeployService, "nginx", "nginx-v2", "nginx:1.27", extra: null),
            await Cmd(c, kubectl, Operations.SwitchService, ["patch", "svc", "nginx-service", "-p", """{"spec":{"selector":{"version":"v2"}}}"""]),
            await Cmd(c, kubectl, Operations.Retire, ["scale", "deployment", "nginx", "--replicas=0"]),
        ];
    }

    public static async Task<List<Measurement>> IstioAsync(Tool kubectl)
    {
        await using var c = await BenchCluster.StartAsync(Seeds.Reviews, "reviews-v1");
        string[] subset = ["patch", "destinationrule", "reviews", "--type", "json", "-p",
            """[{"op":"add","path":"/spec/subsets/-","value":{"name":"v2","labels":{"version":"v2"}}}]"""];
        return
        [
            await DeployAsync(c, kubectl, Operations.DeployIstio, "reviews-v1", "reviews-v2", "istio/examples-bookinfo-reviews-v2:1.16.2", subset),
            await Cmd(c, kubectl, Operations.WeightIstio, ["patch", "virtualservice", "reviews", "--type", "json", "-p",
                """[{"op":"replace","path":"/spec/http/1/route","value":[{"destination":{"host":"reviews","subset":"v1"},"weight":80},{"destination":{"host":"reviews","subset":"v2"},"weight":20}]}]"""]),
        ];
    }

    private static async Task<Measurement> DeployAsync(BenchCluster c, Tool kubectl, string operation, string baseline, string gray, string image, string[]? extra)
    {
        string json = "";
        var parts = new List<Measurement>
        {
            await c.MeasureAsync(operation, "kubectl", async () =>
            {
                var r = await ProcessTimer.CheckedAsync(kubectl, Args(c, ["get", "deployment", baseline, "-o", "json"]));
                json = r.Output;
                return r;
            }),
        };
        var clone = DeploymentClone.Make(json, gray, "v2", image);
        parts.Add(await c.MeasureAsync(operation, "kubectl", () => ProcessTimer.CheckedAsync(kubectl, Args(c, ["apply", "-f", "-"]), clone)));
        parts.Add(await c.MeasureAsync(operation, "kubectl", () => ProcessTimer.CheckedAsync(kubectl, Args(c, ["rollout", "status", "deployment/" + gray, "--timeout=60s"]))));
        if (extra is not null) parts.Add(await c.MeasureAsync(operation, "kubectl", () => ProcessTimer.CheckedAsync(kubectl, Args(c, extra))));
        return Measurement.Sum(operation, "kubectl", parts);
    }

    private static Task<Measurement> Cmd(BenchCluster c, Tool kubectl, string operation, string[] args) =>
        c.MeasureAsync(operation, "kubectl", () => ProcessTimer.CheckedAsync(kubectl, Args(c, args)));

    private static string[] Args(BenchCluster c, string[] args) => [.. args, "--kubeconfig", c.Kubeconfig, "--cache-dir", c.KubectlCache, "-n", "default"];

    /// <summary>What the report says each kubectl row ran.</summary>
    public static readonly Dictionary<string, string> Commands = new()
    {
        [Operations.DeployService] = "get deploy -o json, apply -f - (clone), rollout status",
        [Operations.SwitchService] = "patch svc (selector version: v2)",
        [Operations.Retire] = "scale --replicas=0",
        [Operations.DeployIstio] = "get, apply (clone), rollout status, patch destinationrule (subset)",
        [Operations.WeightIstio] = "patch virtualservice (json patch of the route's weights)",
    };
}
