using Graylane.Tests.Support;

namespace Graylane.Tests.Lanes;

/// <summary>The seed-002 release steps as a pipeline runs them, for either lane router.</summary>
internal static class LaneRelease
{
    public static async Task DeployAsync(ClusterFixture c, string router, string version, string services, params (string, string)[] extra)
    {
        (string, string)[] inputs = [("app", "mock"), ("router", router), ("version", version), ("services", services), ("gateway", MockApp.Gateway), .. extra];
        var (code, host) = await c.RunAsync("deploy-gray", inputs);
        Assert.True(code == 0, host.Log);
    }

    public static async Task StepAsync(ClusterFixture c, string step, params (string, string)[] inputs)
    {
        var (code, host) = await c.RunAsync(step, [("app", "mock"), .. inputs]);
        Assert.True(code == 0, host.Log);
    }

    public static string Images(string services, string tag) =>
        string.Join(",", services.Split(',').Select(s => $"{s}={MockApp.Image.Replace("v0.1-java", tag)}"));
}
