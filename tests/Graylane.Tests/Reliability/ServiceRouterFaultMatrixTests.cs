using Graylane.Tests.Support;
using Xunit.Abstractions;

namespace Graylane.Tests.Reliability;

/// <summary>The Service router's release (nginx-service, v1 to v2 by its Service selector), shared by the in-process fault matrix and the real-process matrix.</summary>
public abstract class ServiceRouterRelease(ITestOutputHelper output) : FaultMatrix(output)
{
    protected override string Seed => SeedObjects.NginxYaml;
    protected override string Baseline => "nginx";
    protected override string Service => "nginx-service";
    protected override (string Step, (string, string)[] Inputs)[] Release =>
    [
        ("deploy-gray", [("service", "nginx-service"), ("image", "nginx:1.27"), ("version", "v2")]),
        ("shift-traffic", [("app", "nginx-service"), ("weight", "100")]),
        ("promote", [("app", "nginx-service")]),
        ("rollback", [("app", "nginx-service"), ("reason", "test")]),
    ];
}

public class ServiceRouterFaultMatrixTests(ITestOutputHelper output) : ServiceRouterRelease(output)
{
    [Theory]
    [InlineData(0)]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    public Task Every_write_position(int step) => RunMatrixAsync(step);
}
