namespace Graylane.Bench;

/// <summary>A release done with graylane's steps on each router, each step one command as a pipeline step runs it.</summary>
public static class GraylaneScenario
{
    public static async Task<List<Measurement>> ServiceAsync(Tool graylane)
    {
        await using var c = await BenchCluster.StartAsync(Seeds.Nginx, "nginx");
        string[] k = ["--kubeconfig", c.Kubeconfig];
        string[] app = [.. k, "--app", "nginx-service"];
        return
        [
            await Step(c, graylane, Operations.DeployService, ["deploy-gray", .. k, "--service", "nginx-service", "--image", "nginx:1.27", "--version", "v2"]),
            await Step(c, graylane, Operations.ShiftService, ["shift-traffic", .. app, "--weight", "100"]),
            await Step(c, graylane, Operations.ShiftServiceNoop, ["shift-traffic", .. app, "--weight", "100"]),
            await Step(c, graylane, Operations.StatusService, ["status", .. app]),
            await Step(c, graylane, Operations.PromoteService, ["promote", .. app]),
            await Step(c, graylane, Operations.RollbackService, ["rollback", .. app, "--reason", "bench"]),
        ];
    }

    public static async Task<List<Measurement>> IstioAsync(Tool graylane)
    {
        await using var c = await BenchCluster.StartAsync(Seeds.Reviews, "reviews-v1");
        string[] k = ["--kubeconfig", c.Kubeconfig];
        string[] app = [.. k, "--app", "reviews"];
        return
        [
            await Step(c, graylane, Operations.DeployIstio, ["deploy-gray", .. k, "--service", "reviews", "--router", "istio", "--route", "primary",
                "--image", "istio/examples-bookinfo-reviews-v2:1.16.2", "--version", "v2"]),
            await Step(c, graylane, Operations.ShiftIstio, ["shift-traffic", .. app, "--weight", "20"]),
            await Step(c, graylane, Operations.ShiftIstioNoop, ["shift-traffic", .. app, "--weight", "20"]),
            await Step(c, graylane, Operations.StatusIstio, ["status", .. app]),
            await Step(c, graylane, Operations.PromoteIstio, ["promote", .. app, "--move-routes"]),
            await Step(c, graylane, Operations.RollbackIstio, ["rollback", .. app, "--reason", "bench"]),
        ];
    }

    public static async Task<List<Measurement>> LanesAsync(Tool graylane)
    {
        await using var c = await BenchCluster.StartAsync(Seeds.Mock, Seeds.MockDeployments);
        string[] k = ["--kubeconfig", c.Kubeconfig];
        string[] app = [.. k, "--app", "mock"];
        const string image = "registry-cn-hangzhou.ack.aliyuncs.com/acs/asm-mock:v0.2-java";
        return
        [
            await Step(c, graylane, Operations.DeployLanes, ["deploy-gray", .. app, "--router", "lanes", "--version", "v2",
                "--services", $"mocka={image},mockc={image}", "--app-services", "mocka,mockb,mockc", "--gateway", "istio-system/ingressgateway"]),
            await Step(c, graylane, Operations.ShiftLanes, ["shift-traffic", .. app, "--weight", "20"]),
            await Step(c, graylane, Operations.ShiftLanesNoop, ["shift-traffic", .. app, "--weight", "20"]),
            await Step(c, graylane, Operations.StatusLanes, ["status", .. app]),
            await Step(c, graylane, Operations.PromoteLanes, ["promote", .. app]),
            await Step(c, graylane, Operations.RollbackLanes, ["rollback", .. app, "--reason", "bench"]),
        ];
    }

    public static async Task<List<Measurement>> GatewayApiAsync(Tool graylane)
    {
        await using var c = await BenchCluster.StartAsync(EdgeSeeds.GatewayApi, "web");
        string[] k = ["--kubeconfig", c.Kubeconfig];
        string[] app = [.. k, "--app", "web"];
        return
        [
            await Step(c, graylane, Operations.DeployGatewayApi, ["deploy-gray", .. k, "--service", "web", "--router", "gateway-api", "--http-route", "web",
                "--image", "registry.example.com/shop/web:2.0", "--version", "v2"]),
            await Step(c, graylane, Operations.ShiftGatewayApi, ["shift-traffic", .. app, "--weight", "20"]),
            await Step(c, graylane, Operations.ShiftGatewayApiNoop, ["shift-traffic", .. app, "--weight", "20"]),
            await Step(c, graylane, Operations.StatusGatewayApi, ["status", .. app]),
            await Step(c, graylane, Operations.PromoteGatewayApi, ["promote", .. app]),
            await Step(c, graylane, Operations.RollbackGatewayApi, ["rollback", .. app, "--reason", "bench"]),
        ];
    }

    public static async Task<List<Measurement>> NginxAsync(Tool graylane)
    {
        await using var c = await BenchCluster.StartAsync(EdgeSeeds.Nginx, "web");
        string[] k = ["--kubeconfig", c.Kubeconfig];
        string[] app = [.. k, "--app", "web"];
        return
        [
            await Step(c, graylane, Operations.DeployNginx, ["deploy-gray", .. k, "--service", "web", "--router", "nginx",
                "--image", "registry.example.com/shop/web:2.0", "--version", "v2"]),
            await Step(c, graylane, Operations.ShiftNginx, ["shift-traffic", .. app, "--weight", "20"]),
            await Step(c, graylane, Operations.ShiftNginxNoop, ["shift-traffic", .. app, "--weight", "20"]),
            await Step(c, graylane, Operations.StatusNginx, ["status", .. app]),
            await Step(c, graylane, Operations.PromoteNginx, ["promote", .. app]),
            await Step(c, graylane, Operations.RollbackNginx, ["rollback", .. app, "--reason", "bench"]),
        ];
    }

    public static async Task<List<Measurement>> ReplicasAsync(Tool graylane)
    {
        await using var c = await BenchCluster.StartAsync(EdgeSeeds.Replicas, "web");
        string[] k = ["--kubeconfig", c.Kubeconfig];
        string[] app = [.. k, "--app", "web"];
        return
        [
            await Step(c, graylane, Operations.DeployReplicas, ["deploy-gray", .. k, "--service", "web", "--router", "replicas",
                "--image", "registry.example.com/shop/web:2.0", "--version", "v2"]),
            await Step(c, graylane, Operations.ShiftReplicas, ["shift-traffic", .. app, "--weight", "25"]),
            await Step(c, graylane, Operations.ShiftReplicasNoop, ["shift-traffic", .. app, "--weight", "25"]),
            await Step(c, graylane, Operations.StatusReplicas, ["status", .. app]),
            await Step(c, graylane, Operations.PromoteReplicas, ["promote", .. app]),
            await Step(c, graylane, Operations.RollbackReplicas, ["rollback", .. app, "--reason", "bench"]),
        ];
    }

    private static Task<Measurement> Step(BenchCluster c, Tool graylane, Operation operation, string[] args) =>
        c.MeasureAsync(operation, "graylane", () => ProcessTimer.CheckedAsync(graylane, args));
}
