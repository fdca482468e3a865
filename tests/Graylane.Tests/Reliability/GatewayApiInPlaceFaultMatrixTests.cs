using Graylane.LocalCluster.Routing;
using Graylane.Tests.Manifests;
using Graylane.Tests.Support;
using Xunit.Abstractions;

namespace Graylane.Tests.Reliability;

/// <summary>
/// A release from manifests through --router gateway-api, promoted in place, then rolled back (a reverse release through
/// the stable Service): a kill or a 500 at every write position, requests through the Gateway always served by ready pods,
/// and the user's HTTPRoute back byte for byte.
/// </summary>
public class GatewayApiInPlaceFaultMatrixTests(ITestOutputHelper output) : FaultMatrix(output)
{
    private static readonly string Manifests = WriteManifests();

    private static string WriteManifests()
    {
        var dir = Directory.CreateTempSubdirectory("graylane-fault-gateway-").FullName;
        var path = Path.Combine(dir, "web.yaml");
        File.WriteAllText(path, InPlaceReleaseTests.V2);
        return path;
    }

    protected override string Seed => WebApp.WithoutAutoscaler + "---\n" + GatewayShop.Infra + "\n---\n" + GatewayApiInPlaceTests.Route;
    protected override string Baseline => "web";
    protected override string Service => "web";
    protected override RouteRequest Sample => GatewayShop.Request();
    protected override (string ApiVersion, string Kind)[] WholeKinds => [("gateway.networking.k8s.io/v1", "HTTPRoute")];
    protected override (string ApiVersion, string Kind)[] ContentKinds => [("v1", "ConfigMap")];

    protected override (string Step, (string, string)[] Inputs)[] Release =>
    [
        ("deploy-gray", [("app", "web"), ("manifests", Manifests), ("images", "registry.example.com/shop/web:2.0"), ("version", "v2"),
            ("router", "gateway-api"), ("http-route", "web")]),
        ("shift-traffic", [("app", "web"), ("weight", "100")]),
        ("promote", [("app", "web")]),
        ("rollback", [("app", "web"), ("reason", "test")]),
    ];

    [Theory]
    [InlineData(2)]
    [InlineData(3)]
    public Task Every_write_position(int step) => RunMatrixAsync(step);
}
