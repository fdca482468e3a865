using Graylane.Tests.Manifests;

namespace Graylane.Tests.Reliability;

/// <summary>
/// Releases from manifests for the RBAC tests: an app labelled app: web only with its config in ConfigMaps and a Secret, an
/// HPA and a PodDisruptionBudget. Version 2 changes every kind graylane-manifests grants: a ConfigMap and the Secret
/// (versioned copies), the HPA (a copy for the gray, the new bounds applied at promote) and the PDB (applied at promote).
/// </summary>
public static class ManifestReleaseFiles
{
    public const string Budget = """
        apiVersion: policy/v1
        kind: PodDisruptionBudget
        metadata:
          name: web
        spec:
          minAvailable: 1
          selector:
            matchLabels:
              app: web
        """;

    /// <summary>What runs before the release (also what a first release applies).</summary>
    public static string V1 => WebApp.Yaml + "\n---\n" + Budget;

    public static string V2 => V1
        .Replace("greeting: hello-v1", "greeting: hello-v2")
        .Replace("api-key: s3cr3t-v1", "api-key: s3cr3t-v2")
        .Replace("maxReplicas: 10", "maxReplicas: 12")
        .Replace("minAvailable: 1", "minAvailable: 2");

    public static readonly string V1File = Write("v1.yaml", V1);
    public static readonly string V2File = Write("v2.yaml", V2);
    public static readonly string V2WithoutAutoscalerFile = Write("v2-no-hpa.yaml", InPlaceReleaseTests.V2);

    private static string Write(string name, string yaml)
    {
        var path = Path.Combine(Directory.CreateTempSubdirectory("graylane-rbac-manifests-").FullName, name);
        File.WriteAllText(path, yaml);
        return path;
    }
}
