using System.Text.Json.Nodes;
using Graylane.Core.Json;
using Graylane.Core.Planning;
using Graylane.Core.Validation;

namespace Graylane.Core.Manifests;

/// <summary>
/// HorizontalPodAutoscalers during a release: one that targets the baseline Deployment gets a copy with the same bounds,
/// metrics and behavior targeting the gray Deployment, so the gray scales like the stable would. The original keeps
/// targeting the stable name throughout; the copy is removed at promote and at rollback.
/// </summary>
public static class HpaCopies
{
    /// <summary>The HPAs whose scale target is the Deployment.</summary>
    public static IReadOnlyList<JsonObject> Targeting(IEnumerable<JsonObject> hpas, string deployment) =>
        hpas.Where(h => h["spec"]?["scaleTargetRef"] is JsonObject target
                        && (string?)target["kind"] == "Deployment" && (string?)target["name"] == deployment
                        && ((string?)target["apiVersion"] ?? "apps/v1").StartsWith("apps/", StringComparison.Ordinal))
            .ToList();

    public static string CopyName(string hpa, string version)
    {
        var name = $"{hpa}-{GrayDeploymentPlanner.NameSuffix(version)}";
        if (!KubeNames.IsDnsSubdomain(name))
            throw new InvalidInputException("version", $"the copy of HorizontalPodAutoscaler {hpa} would be named \"{KubeNames.Printable(name)}\", which is not a valid name; choose a shorter --version");
        return name;
    }

    /// <param name="source">The HPA to copy: the manifests' version of it when they hold one (the new version's bounds), else the live one.</param>
    public static JsonObject Copy(JsonObject source, string grayDeployment, string app, string version, string ns)
    {
        var copy = ServerFields.Strip(source);
        var meta = Obj.Metadata(copy);
        var original = Obj.Name(source);
        meta["name"] = CopyName(original, version);
        meta["namespace"] = ns;
        if (meta["annotations"] is JsonObject ann)
        {
            ann.Remove("kubectl.kubernetes.io/last-applied-configuration");
            ann.Remove("autoscaling.alpha.kubernetes.io/conditions");
            ann.Remove("autoscaling.alpha.kubernetes.io/current-metrics");
        }
        Obj.SetLabel(copy, GrayDeploymentPlanner.AppAnnotation, app);
        Obj.SetAnnotation(copy, GrayDeploymentPlanner.AppAnnotation, app);
        Obj.SetAnnotation(copy, GrayDeploymentPlanner.VersionAnnotation, version);
        Obj.SetAnnotation(copy, ConfigVersioning.CopyOfAnnotation, original);
        Obj.Child(Obj.Child(copy, "spec"), "scaleTargetRef")["name"] = grayDeployment;
        return copy;
    }
}
