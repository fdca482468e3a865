using Graylane.LocalCluster.Routing;
using Graylane.Tests.Support;
using Xunit.Abstractions;

namespace Graylane.Tests.Reliability;

/// <summary>
/// The fault matrix for --router gateway-api: requests through the Gateway are always served by ready pods, and every
/// Service and HTTPRoute (the user's, and what Graylane creates) is compared whole — rollback gives them back byte for byte.
/// </summary>
public class GatewayApiRouterFaultMatrixTests(ITestOutputHelper output) : FaultMatrix(output)
{
    protected override string Seed => GatewayShop.Yaml;
    protected override string Baseline => "web";
    protected override string Service => "web";
    protected override RouteRequest Sample => GatewayShop.Request();
    protected override (string ApiVersion, string Kind)[] WholeKinds => [("v1", "Service"), ("gateway.networking.k8s.io/v1", "HTTPRoute")];
    protected override (string Step, (string, string)[] Inputs)[] Release =>
    [
        ("deploy-gray", [("service", "web"), ("router", "gateway-api"), ("http-route", "web"), ("image", "registry.example.com/shop/web:2.0"), ("version", "v2")]),
        ("shift-traffic", [("app", "web"), ("weight", "30"), ("match", "header:x-canary=true"), ("mirror", "20")]),
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
