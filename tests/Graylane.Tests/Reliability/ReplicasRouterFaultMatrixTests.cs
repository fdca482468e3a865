using Graylane.Tests.Routing.Replicas;
using Xunit.Abstractions;

namespace Graylane.Tests.Reliability;

/// <summary>
/// --router replicas: every write of a release (gray with no pods and its preview, scale-ups and scale-downs of a shift,
/// promote, rollback) killed or failed with a 500; the Service only ever has ready pods, re-runs end where a fault-free
/// run ends, and rollback restores the Deployments, the Service and the HorizontalPodAutoscaler exactly.
/// </summary>
public class ReplicasRouterFaultMatrixTests(ITestOutputHelper output) : FaultMatrix(output)
{
    protected override string Seed => ReplicasSeed.Web + "\n---\n" + ReplicasSeed.Autoscaler;
    protected override string Baseline => "web";
    protected override string Service => "web";
    protected override (string ApiVersion, string Kind)[] ContentKinds => [("autoscaling/v2", "HorizontalPodAutoscaler")];
    protected override (string Step, (string, string)[] Inputs)[] Release =>
    [
        ("deploy-gray", ReplicasSeed.Deploy),
        ("shift-traffic", [("app", "web"), ("weight", "40")]),
        ("shift-traffic", [("app", "web"), ("weight", "20")]),
        ("promote", [("app", "web")]),
        ("rollback", [("app", "web"), ("reason", "test")]),
    ];

    [Theory]
    [InlineData(0)]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    [InlineData(4)]
    public Task Every_write_position(int step) => RunMatrixAsync(step);
}
