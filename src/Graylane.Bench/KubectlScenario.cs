namespace Graylane.Bench;

/// <summary>
/// The same operations as most pipeline scripts (and Azure's KubernetesManifest / k8s-deploy style steps) do them:
/// get + clone + apply, rollout status, a selector patch, a get, a scale, a VirtualService patch. One discovery cache per
/// scenario, as in one CI job, warmed before anything is measured (kubectl's best case). Lanes have no kubectl way to set
/// them up, so graylane's deploy-gray makes the objects (unmeasured) and kubectl patches the gateway route it made.
/// </summary>
public static class KubectlScenario
{
    public static async Task<List<Measurement>> ServiceAsync(Tool kubectl)
    {
        await using var c = await BenchCluster.StartAsync(Seeds.Nginx, "nginx");
        await WarmAsync(c, kubectl);
        string[] patch = ["patch", "svc", "nginx-service", "-p", """{"spec":{"selector":{"version":"v2"}}}"""];
        return
        [
            await DeployAsync(c, kubectl, Operations.DeployService, "nginx", "nginx-v2", "nginx:1.27", extra: null),
            await Cmd(c, kubectl, Operations.ShiftService, patch),
            await Cmd(c, kubectl, Operations.ShiftServiceNoop, patch),
            await Cmd(c, kubectl, Operations.StatusService, ["get", "svc", "nginx-service"]),
            await Cmd(c, kubectl, Operations.PromoteService, ["scale", "deployment", "nginx", "--replicas=0"]),
        ];
    }

    public static async Task<List<Measurement>> IstioAsync(Tool kubectl)
    {
        await using var c = await BenchCluster.StartAsync(Seeds.Reviews, "reviews-v1");
        await WarmAsync(c, kubectl);
        string[] subset = ["patch", "destinationrule", "reviews", "--type", "json", "-p",
            """[{"op":"add","path":"/spec/subsets/-","value":{"name":"v2","labels":{"version":"v2"}}}]"""];
        string[] weights = ["patch", "virtualservice", "reviews", "--type", "json", "-p",
            """[{"op":"replace","path":"/spec/http/1/route","value":[{"destination":{"host":"reviews","subset":"v1"},"weight":80},{"destination":{"host":"reviews","subset":"v2"},"weight":20}]}]"""];
        return
        [
            await DeployAsync(c, kubectl, Operations.DeployIstio, "reviews-v1", "reviews-v2", "istio/examples-bookinfo-reviews-v2:1.16.2", subset),
            await Cmd(c, kubectl, Operations.ShiftIstio, weights),
            await Cmd(c, kubectl, Operations.ShiftIstioNoop, weights),
            await Cmd(c, kubectl, Operations.StatusIstio, ["get", "virtualservice", "reviews"]),
        ];
    }

    public static async Task<List<Measurement>> LanesAsync(Tool kubectl, Tool graylane)
    {
        await using var c = await BenchCluster.StartAsync(Seeds.Mock, Seeds.MockDeployments);
        const string image = "registry-cn-hangzhou.ack.aliyuncs.com/acs/asm-mock:v0.2-java";
        await ProcessTimer.CheckedAsync(graylane, ["deploy-gray", "--kubeconfig", c.Kubeconfig, "--app", "mock", "--router", "lanes", "--version", "v2",
            "--services", $"mocka={image},mockc={image}", "--app-services", "mocka,mockb,mockc", "--gateway", "istio-system/ingressgateway"]);
        await WarmAsync(c, kubectl);
        string Destination(string lane, int weight) =>
            "{\"destination\":{\"host\":\"mocka.default.svc.cluster.local\",\"subset\":\"" + lane + "\"},\"weight\":" + weight +
            ",\"headers\":{\"request\":{\"set\":{\"version\":\"" + lane + "\"}}}}";
        string[] weights = ["patch", "virtualservice", "graylane-mock-entry", "-n", "istio-system", "--type", "json", "-p",
            $"[{{\"op\":\"replace\",\"path\":\"/spec/http/0/route\",\"value\":[{Destination("v1", 80)},{Destination("v2", 20)}]}}]"];
        return
        [
            await Cmd(c, kubectl, Operations.ShiftLanes, weights),
            await Cmd(c, kubectl, Operations.ShiftLanesNoop, weights),
            await Cmd(c, kubectl, Operations.StatusLanes, ["get", "virtualservice", "graylane-mock-entry", "-n", "istio-system"]),
        ];
    }

    /// <summary>Edge routers: graylane's deploy-gray makes the canary objects (unmeasured), kubectl then changes their weights.</summary>
    public static async Task<List<Measurement>> GatewayApiAsync(Tool kubectl, Tool graylane)
    {
        await using var c = await BenchCluster.StartAsync(EdgeSeeds.GatewayApi, "web");
        await ProcessTimer.CheckedAsync(graylane, ["deploy-gray", "--kubeconfig", c.Kubeconfig, "--service", "web", "--router", "gateway-api", "--http-route", "web",
            "--image", "registry.example.com/shop/web:2.0", "--version", "v2"]);
        await WarmAsync(c, kubectl);
        string[] weights = ["patch", "httproute", "web", "--type", "json", "-p",
            """[{"op":"replace","path":"/spec/rules/0/backendRefs","value":[{"name":"web","port":80,"weight":80},{"name":"web-v2","port":80,"weight":20}]}]"""];
        return
        [
            await Cmd(c, kubectl, Operations.ShiftGatewayApi, weights),
            await Cmd(c, kubectl, Operations.ShiftGatewayApiNoop, weights),
            await Cmd(c, kubectl, Operations.StatusGatewayApi, ["get", "httproute", "web"]),
        ];
    }

    public static async Task<List<Measurement>> NginxAsync(Tool kubectl, Tool graylane)
    {
        await using var c = await BenchCluster.StartAsync(EdgeSeeds.Nginx, "web");
        await ProcessTimer.CheckedAsync(graylane, ["deploy-gray", "--kubeconfig", c.Kubeconfig, "--service", "web", "--router", "nginx",
            "--image", "registry.example.com/shop/web:2.0", "--version", "v2"]);
        await WarmAsync(c, kubectl);
        string[] weight = ["annotate", "ingress", "web-canary", "nginx.ingress.kubernetes.io/canary-weight=20", "--overwrite"];
        return
        [
            await Cmd(c, kubectl, Operations.ShiftNginx, weight),
            await Cmd(c, kubectl, Operations.ShiftNginxNoop, weight),
            await Cmd(c, kubectl, Operations.StatusNginx, ["get", "ingress", "web-canary"]),
        ];
    }

    /// <summary>Fills the scenario's discovery cache, as the CI job's earlier kubectl commands would have.</summary>
    private static Task WarmAsync(BenchCluster c, Tool kubectl) =>
        ProcessTimer.CheckedAsync(kubectl, Args(c, ["get", "svc,deploy,ingress,virtualservice,destinationrule,httproute"]));

    private static async Task<Measurement> DeployAsync(BenchCluster c, Tool kubectl, Operation operation, string baseline, string gray, string image, string[]? extra)
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

    private static Task<Measurement> Cmd(BenchCluster c, Tool kubectl, Operation operation, string[] args) =>
        c.MeasureAsync(operation, "kubectl", () => ProcessTimer.CheckedAsync(kubectl, Args(c, args)));

    private static string[] Args(BenchCluster c, string[] args) =>
        [.. args, "--kubeconfig", c.Kubeconfig, "--cache-dir", c.KubectlCache, .. args.Contains("-n") ? Array.Empty<string>() : ["-n", "default"]];
}
