namespace Graylane.Bench;

/// <summary>The release done with graylane's steps, each one command as a pipeline step runs it.</summary>
public static class GraylaneScenario
{
    public static async Task<List<Measurement>> ServiceAsync(Tool graylane)
    {
        await using var c = await BenchCluster.StartAsync(Seeds.Nginx, "nginx");
        string[] k = ["--kubeconfig", c.Kubeconfig];
        return
        [
            await Step(c, graylane, Operations.DeployService, ["deploy-gray", .. k, "--service", "nginx-service", "--image", "nginx:1.27", "--version", "v2"]),
            await Step(c, graylane, Operations.SwitchService, ["shift-traffic", .. k, "--app", "nginx-service", "--weight", "100"]),
            await Step(c, graylane, Operations.Retire, ["promote", .. k, "--app", "nginx-service"]),
            await Step(c, graylane, Operations.Rollback, ["rollback", .. k, "--app", "nginx-service", "--reason", "bench"]),
        ];
    }

    public static async Task<List<Measurement>> IstioAsync(Tool graylane)
    {
        await using var c = await BenchCluster.StartAsync(Seeds.Reviews, "reviews-v1");
        string[] k = ["--kubeconfig", c.Kubeconfig];
        return
        [
            await Step(c, graylane, Operations.DeployIstio, ["deploy-gray", .. k, "--service", "reviews", "--router", "istio", "--route", "primary",
                "--image", "istio/examples-bookinfo-reviews-v2:1.16.2", "--version", "v2"]),
            await Step(c, graylane, Operations.WeightIstio, ["shift-traffic", .. k, "--app", "reviews", "--weight", "20"]),
        ];
    }

    private static Task<Measurement> Step(BenchCluster c, Tool graylane, string operation, string[] args) =>
        c.MeasureAsync(operation, "graylane", () => ProcessTimer.CheckedAsync(graylane, args));
}
