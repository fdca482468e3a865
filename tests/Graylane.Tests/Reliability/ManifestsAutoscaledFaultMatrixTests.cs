using Graylane.Tests.Manifests;
using Xunit.Abstractions;

namespace Graylane.Tests.Reliability;

/// <summary>
/// The in-place fault matrix with an HPA on the Deployment (the production shape): a kill (or a 500) at every write
/// position of deploy-gray (the HPA copy is one of its writes), the in-place promote (the copy removed, the manifests'
/// HPA applied, the stable restarted for its changed config) and the rollback after it — requests are still served by
/// ready pods, the re-run ends where a fault-free run ends, and a rollback restores the HPA, config and workloads exactly.
/// </summary>
public class ManifestsAutoscaledFaultMatrixTests(ITestOutputHelper output) : FaultMatrix(output)
{
    private static readonly string Manifests = WriteManifests();

    private static string WriteManifests()
    {
        var dir = Directory.CreateTempSubdirectory("graylane-fault-manifests-").FullName;
        var path = Path.Combine(dir, "web.yaml");
        File.WriteAllText(path, WebApp.Yaml.Replace("greeting: hello-v1", "greeting: hello-v2").Replace("maxReplicas: 10", "maxReplicas: 12"));
        return path;
    }

    protected override string Seed => WebApp.Yaml;
    protected override string Baseline => "web";
    protected override string Service => "web";
    protected override (string ApiVersion, string Kind)[] ContentKinds =>
        [("v1", "ConfigMap"), ("v1", "Secret"), ("autoscaling/v2", "HorizontalPodAutoscaler")];

    protected override (string Step, (string, string)[] Inputs)[] Release =>
    [
        ("deploy-gray", [("app", "web"), ("manifests", Manifests), ("version", "v2")]),
        ("shift-traffic", [("app", "web"), ("weight", "100")]),
        ("promote", [("app", "web")]),
        ("rollback", [("app", "web"), ("reason", "test")]),
    ];

    [Theory]
    [InlineData(0)]
    [InlineData(2)]
    [InlineData(3)]
    public Task Every_write_position(int step) => RunMatrixAsync(step);
}
