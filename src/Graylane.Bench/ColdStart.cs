namespace Graylane.Bench;

/// <summary>Process start to exit of `graylane version` (each binary) and `kubectl version --client`, and one `status` per binary.</summary>
public static class ColdStart
{
    public const string Status = "graylane status --app nginx-service";

    public static async Task<List<Measurement>> RunAsync(IEnumerable<Tool> binaries, Tool? kubectl)
    {
        await using var c = await BenchCluster.StartAsync(Seeds.Nginx, "nginx");
        var any = binaries.First();
        await ProcessTimer.CheckedAsync(any, ["deploy-gray", "--kubeconfig", c.Kubeconfig, "--service", "nginx-service", "--image", "nginx:1.27", "--version", "v2"]);
        var results = new List<Measurement>();
        foreach (var tool in binaries)
        {
            results.Add(await c.MeasureAsync(Operations.Version, tool.Label, () => ProcessTimer.CheckedAsync(tool, ["version"])));
            results.Add(await c.MeasureAsync(Operations.StatusService, tool.Label, () => ProcessTimer.CheckedAsync(tool, ["status", "--kubeconfig", c.Kubeconfig, "--app", "nginx-service"])));
        }
        if (kubectl is not null)
            results.Add(await c.MeasureAsync(Operations.Version, "kubectl", () => ProcessTimer.CheckedAsync(kubectl, ["version", "--client"])));
        return results;
    }
}
