using Graylane.Tests.Manifests;
using Xunit.Abstractions;

namespace Graylane.Tests.Reliability;

/// <summary>
/// The fault matrix of a release from manifests promoted in place, on an app labelled app: web only with its config in a
/// ConfigMap and a Secret: a kill (or a 500) at every write position of deploy-gray, shift-traffic, the in-place promote
/// and the rollback after it — requests are still served by ready pods, the re-run ends where a fault-free run ends, and a
/// rollback from that point restores Deployments, the Service, ConfigMaps and Secrets exactly.
/// </summary>
public class ManifestsInPlaceFaultMatrixTests(ITestOutputHelper output) : FaultMatrix(output)
{
    private static readonly string Manifests = WriteManifests();

    private static string WriteManifests()
    {
        var dir = Directory.CreateTempSubdirectory("graylane-fault-manifests-").FullName;
        var path = Path.Combine(dir, "web.yaml");
        File.WriteAllText(path, InPlaceReleaseTests.V2.Replace("api-key: s3cr3t-v1", "api-key: s3cr3t-v2"));
        return path;
    }

    protected override string Seed => WebApp.WithoutAutoscaler;
    protected override string Baseline => "web";
    protected override string Service => "web";
    protected override (string ApiVersion, string Kind)[] ContentKinds => [("v1", "ConfigMap"), ("v1", "Secret")];

    protected override (string Step, (string, string)[] Inputs)[] Release =>
    [
        ("deploy-gray", [("app", "web"), ("manifests", Manifests), ("images", "registry.example.com/shop/web:2.0"), ("version", "v2")]),
        ("shift-traffic", [("app", "web"), ("weight", "100")]),
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

/// <summary>
/// The same with a version label in the Deployment's selector (version: v1 → v2 in the manifests): selectors are
/// immutable, so the in-place promote recreates the stable while the gray serves all traffic, and the rollback after it
/// recreates it again while a copy of the previous version serves.
/// </summary>
public class ManifestsRecreateFaultMatrixTests(ITestOutputHelper output) : FaultMatrix(output)
{
    public static string Labelled(string yaml, string version) => yaml
        .Replace("    matchLabels:\n      app: web\n", $"    matchLabels:\n      app: web\n      version: {version}\n")
        .Replace("      labels:\n        app: web\n    spec:", $"      labels:\n        app: web\n        version: {version}\n    spec:");

    private static readonly string Manifests = WriteManifests();

    private static string WriteManifests()
    {
        var dir = Directory.CreateTempSubdirectory("graylane-fault-manifests-").FullName;
        var path = Path.Combine(dir, "web.yaml");
        File.WriteAllText(path, Labelled(InPlaceReleaseTests.V2, "v2"));
        return path;
    }

    protected override string Seed => Labelled(WebApp.WithoutAutoscaler, "v1");
    protected override string Baseline => "web";
    protected override string Service => "web";
    protected override (string ApiVersion, string Kind)[] ContentKinds => [("v1", "ConfigMap"), ("v1", "Secret")];

    protected override (string Step, (string, string)[] Inputs)[] Release =>
    [
        ("deploy-gray", [("app", "web"), ("manifests", Manifests)]),
        ("promote", [("app", "web")]),
        ("rollback", [("app", "web"), ("reason", "test")]),
    ];

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    public Task Every_write_position(int step) => RunMatrixAsync(step);
}
