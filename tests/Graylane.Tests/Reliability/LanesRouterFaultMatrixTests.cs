using Graylane.Tests.Lanes;
using Xunit.Abstractions;

namespace Graylane.Tests.Reliability;

/// <summary>The fault matrix for full-link lanes (plain Istio): seed 002's mock app, v2 changing mocka and mockc.</summary>
public class LanesRouterFaultMatrixTests(ITestOutputHelper output) : FaultMatrix(output)
{
    protected override string Seed => MockApp.V1;
    protected override string Baseline => "mocka-v1";
    protected override string Service => "mocka";
    protected override string AppName => "mock";
    protected override string[] MeshKinds => ["VirtualService", "DestinationRule"];
    protected override (string Step, (string, string)[] Inputs)[] Release =>
    [
        ("deploy-gray", [("app", "mock"), ("router", "lanes"), ("version", "v2"), ("services", LaneRelease.Images("mocka,mockc", "v2")),
            ("app-services", "mocka,mockb,mockc"), ("gateway", MockApp.Gateway)]),
        ("shift-traffic", [("app", "mock"), ("weight", "20")]),
        ("promote", [("app", "mock")]),
        ("rollback", [("app", "mock"), ("reason", "test")]),
    ];

    [Theory]
    [InlineData(0)]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    public Task Every_write_position(int step) => RunMatrixAsync(step);
}
