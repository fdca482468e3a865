using Graylane.Tests.Support;
using Xunit.Abstractions;

namespace Graylane.Tests.Reliability;

/// <summary>The Istio router's release (bookinfo reviews, v1 to v2 by the user's VirtualService and a DestinationRule), shared by the in-process fault matrix and the real-process matrix.</summary>
public abstract class IstioRouterRelease(ITestOutputHelper output) : FaultMatrix(output)
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
}

public class IstioRouterFaultMatrixTests(ITestOutputHelper output) : IstioRouterRelease(output)
{
    [Theory]
    [InlineData(0)]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    public Task Every_write_position(int step) => RunMatrixAsync(step);
}
