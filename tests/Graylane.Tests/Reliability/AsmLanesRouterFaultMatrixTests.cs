using Graylane.Tests.Lanes;
using Xunit.Abstractions;

namespace Graylane.Tests.Reliability;

/// <summary>
/// The fault matrix for ASM lanes (--router asm-lanes): seed 002's mock app with the article's ASMSwimLaneGroup, lane v1
/// and gateway VirtualService (istio-system), v2 changing mocka and mockc. The swim lane objects are cluster-scoped.
/// </summary>
public class AsmLanesRouterFaultMatrixTests(ITestOutputHelper output) : FaultMatrix(output)
{
    protected override string Seed => MockApp.V1 + "\n---\n" + SeedAsm.GroupAndLaneV1 + "\n---\n" + SeedAsm.IngressVirtualService;
    protected override string Baseline => "mocka-v1";
    protected override string Service => "mocka";
    protected override string AppName => "mock";
    protected override string[] MeshKinds => ["VirtualService", "DestinationRule"];
    protected override (string ApiVersion, string Kind)[] RouterKinds =>
        [("istio.alibabacloud.com/v1", "ASMSwimLaneGroup"), ("istio.alibabacloud.com/v1", "ASMSwimLane")];
    protected override (string Step, (string, string)[] Inputs)[] Release =>
    [
        ("deploy-gray", [("app", "mock"), ("router", "asm-lanes"), ("version", "v2"), ("services", LaneRelease.Images("mocka,mockc", "v2")),
            ("gateway", MockApp.Gateway)]),
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
