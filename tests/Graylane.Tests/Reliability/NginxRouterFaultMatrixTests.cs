using Graylane.LocalCluster.Routing;
using Graylane.Tests.Support;
using Xunit.Abstractions;

namespace Graylane.Tests.Reliability;

/// <summary>
/// The fault matrix for --router nginx: requests through the ingress-nginx controller are always served by ready pods, and
/// every Service and Ingress (the user's, and the canary Graylane creates) is compared whole — rollback gives them back
/// byte for byte.
/// </summary>
public class NginxRouterFaultMatrixTests(ITestOutputHelper output) : FaultMatrix(output)
{
    protected override string Seed => NginxShop.Yaml;
    protected override string Baseline => "web";
    protected override string Service => "web";
    protected override RouteRequest Sample => NginxShop.Request();
    protected override (string ApiVersion, string Kind)[] WholeKinds => [("v1", "Service"), ("networking.k8s.io/v1", "Ingress")];
    protected override (string Step, (string, string)[] Inputs)[] Release =>
    [
        ("deploy-gray", [("service", "web"), ("router", "nginx"), ("image", "registry.example.com/shop/web:2.0"), ("version", "v2")]),
        ("shift-traffic", [("app", "web"), ("weight", "30"), ("match", "header:x-canary=true")]),
        ("promote", [("app", "web")]),
        ("rollback", [("app", "web"), ("reason", "test")]),
    ];

    [Theory]
    [InlineData(0)]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    public Task Every_write_position(int step) => RunMatrixAsync(step);
}
