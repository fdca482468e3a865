namespace Graylane.Bench;

/// <summary>Process start to exit of `graylane version` and of one `status` call against the local cluster.</summary>
public static class ColdStart
{
    public const string Version = "graylane version";
    public const string Status = "graylane status --app nginx-service";

    public static async Task<List<Measurement>> RunAsync(IEnumerable<Tool> binaries)
    {
        await using var c = await BenchCluster.StartAsync(Seeds.Nginx, "nginx");
        var any = binaries.First();
        await ProcessTimer.CheckedAsync(any, ["deploy-gray", "--kubeconfig", c.Kubeconfig, "--service", "nginx-service", "--image", "nginx:1.27", "--version", "v2"]);
        var results = new List<Measurement>();
        foreach (var tool in binaries)
        {
            results.Add(await c.MeasureAsync(Version, tool.Label, () => ProcessTimer.CheckedAsync(tool, ["version"])));
            results.Add(await c.MeasureAsync(Status, tool.Label, () => ProcessTimer.CheckedAsync(tool, ["status", "--kubeconfig", c.Kubeconfig, "--app", "nginx-service"])));
        }
        return results;
    }
}
