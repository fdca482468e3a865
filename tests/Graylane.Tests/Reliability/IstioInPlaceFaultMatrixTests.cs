using Graylane.Tests.Manifests;
using Xunit.Abstractions;

namespace Graylane.Tests.Reliability;

/// <summary>
/// A release from manifests through --router istio, promoted in place, then rolled back (a reverse release through the
/// mesh: a copy of the previous version takes the traffic while the stable is restored), on an app labelled app: web only
/// with the user's own VirtualService and DestinationRule: a kill or a 500 at every write position, requests through the
/// mesh always served by ready pods, the re-run ending where a fault-free run ends, and a rollback from any point giving the
/// VirtualService, DestinationRule, Deployments, Service and ConfigMaps back exactly.
/// </summary>
public class IstioInPlaceFaultMatrixTests(ITestOutputHelper output) : FaultMatrix(output)
{
    private static readonly string Manifests = Write("web.yaml", InPlaceReleaseTests.V2);

    internal static string Write(string name, string yaml)
    {
        var path = Path.Combine(Directory.CreateTempSubdirectory("graylane-fault-istio-").FullName, name);
        File.WriteAllText(path, yaml);
        return path;
    }

    protected override string Seed => WebApp.WithoutAutoscaler + "---\n" + IstioInPlaceTests.UnlabelledMesh;
    protected override string Baseline => "web";
    protected override string Service => "web";
    protected override string[] MeshKinds => ["VirtualService", "DestinationRule"];
    protected override (string ApiVersion, string Kind)[] ContentKinds => [("v1", "ConfigMap")];

    protected override (string Step, (string, string)[] Inputs)[] Release =>
    [
        ("deploy-gray", [("app", "web"), ("manifests", Manifests), ("images", "registry.example.com/shop/web:2.0"), ("version", "v2"), ("router", "istio")]),
        ("shift-traffic", [("app", "web"), ("weight", "100")]),
        ("promote", [("app", "web")]),
        ("rollback", [("app", "web"), ("reason", "test")]),
    ];

    [Theory]
    [InlineData(2)]
    [InlineData(3)]
    public Task Every_write_position(int step) => RunMatrixAsync(step);
}

/// <summary>
/// The same with a version label in the Deployment's selector (version: v1 → v2) and the user's route pinning subset v1:
/// the in-place promote recreates the stable while the gray serves all traffic and ends on subset v2; the rollback after it
/// recreates the stable again while the copy of v1 serves, and gives back the route to subset v1 exactly.
/// </summary>
public class IstioRecreateFaultMatrixTests(ITestOutputHelper output) : FaultMatrix(output)
{
    private static readonly string Manifests = IstioInPlaceFaultMatrixTests.Write("web.yaml", ManifestsRecreateFaultMatrixTests.Labelled(InPlaceReleaseTests.V2, "v2"));

    protected override string Seed => ManifestsRecreateFaultMatrixTests.Labelled(WebApp.WithoutAutoscaler, "v1") + "---\n" + IstioInPlaceTests.LabelledMesh;
    protected override string Baseline => "web";
    protected override string Service => "web";
    protected override string[] MeshKinds => ["VirtualService", "DestinationRule"];
    protected override (string ApiVersion, string Kind)[] ContentKinds => [("v1", "ConfigMap")];

    protected override (string Step, (string, string)[] Inputs)[] Release =>
    [
        ("deploy-gray", [("app", "web"), ("manifests", Manifests), ("router", "istio")]),
        ("promote", [("app", "web")]),
        ("rollback", [("app", "web"), ("reason", "test")]),
    ];

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    public Task Every_write_position(int step) => RunMatrixAsync(step);
}
