using Graylane.Tests.Support;
using Xunit.Abstractions;

namespace Graylane.Tests.Reliability;

public class IstioRouterFaultMatrixTests(ITestOutputHelper output) : FaultMatrix(output)
{
    protected override string Seed => Bookinfo.Reviews + "\n---\n" + Bookinfo.UserIstio;
    protected override string Baseline => "reviews-v1";
    protected override string Service => "reviews";
    protected override string[] MeshKinds => ["VirtualService", "DestinationRule"];
    protected override (string Step, (string, string)[] Inputs)[] Release =>
    [
        ("deploy-gray", [("service", "reviews"), ("router", "istio"), ("route", "primary"), ("image", "istio/examples-bookinfo-reviews-v2:1.16.2"), ("version", "v2")]),
        ("shift-traffic", [("app", "reviews"), ("weight", "30"), ("match", "header:end-user=jason")]),
        ("promote", [("app", "reviews"), ("move-routes", "true")]), // the user's "admin" route names subset v1 too
        ("rollback", [("app", "reviews"), ("reason", "test")]),
    ];

    [Theory]
    [InlineData(0)]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    public Task Every_write_position(int step) => RunMatrixAsync(step);
}
