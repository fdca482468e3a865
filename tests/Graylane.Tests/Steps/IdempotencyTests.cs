using Graylane.Tests.Support;

namespace Graylane.Tests.Steps;

/// <summary>Every step run twice ends in the same state, and the second run writes nothing.</summary>
public class IdempotencyTests
{
    [Theory]
    [InlineData("deploy-gray")]
    [InlineData("shift-traffic")]
    [InlineData("promote")]
    [InlineData("rollback")]
    public async Task Second_run_writes_nothing(string step)
    {
        await using var c = await ClusterFixture.StartAsync();
        var deploy = new[] { ("service", "nginx-service"), ("image", "nginx:1.27"), ("version", "v2") };
        Assert.Equal(0, (await c.RunAsync("deploy-gray", deploy)).Code);
        (string, string)[] args = step switch
        {
            "deploy-gray" => deploy,
            "shift-traffic" => [("app", "nginx-service"), ("weight", "100")],
            _ => [("app", "nginx-service")],
        };
        if (step != "deploy-gray") Assert.Equal(0, (await c.RunAsync(step, args)).Code);

        var writesBefore = await c.WritesAsync();
        var (code, host) = await c.RunAsync(step, args);

        Assert.True(code == 0, host.Log);
        Assert.Equal(writesBefore, await c.WritesAsync());
    }
}
