using System.Text.Json.Nodes;
using Graylane.Core.Json;
using Graylane.Core.Validation;

namespace Graylane.Core.Planning;

/// <summary>
/// Builds the gray Deployment from the baseline: identical (replicas, resources, probes, env, volumes,
/// strategy…) except name, image(s) and the version label, which goes on the Deployment, its selector
/// and its pods so the two versions never share pods.
/// </summary>
public static class GrayDeploymentPlanner
{
    public const string AppAnnotation = "graylane.io/app";
    public const string VersionAnnotation = "graylane.io/version";
    public const string BaseNameAnnotation = "graylane.io/base-name";
    public const string BaselineAnnotation = "graylane.io/baseline";

    public static JsonObject Plan(JsonObject baseline, GrayPlan plan)
    {
        var gray = ServerFields.Strip(baseline);
        var meta = Obj.Metadata(gray);
        meta["name"] = plan.GrayName;
        if (meta["annotations"] is JsonObject ann)
            ann.Remove("kubectl.kubernetes.io/last-applied-configuration"); // belongs to the baseline's kubectl apply
        Obj.SetLabel(gray, plan.VersionLabel, plan.GrayVersion);
        Obj.SetAnnotation(gray, AppAnnotation, plan.App);
        Obj.SetAnnotation(gray, VersionAnnotation, plan.GrayVersion);
        Obj.SetAnnotation(gray, BaseNameAnnotation, plan.BaseName);
        Obj.SetAnnotation(gray, BaselineAnnotation, Obj.Name(baseline));

        var spec = Obj.Child(gray, "spec");
        Obj.Child(Obj.Child(spec, "selector"), "matchLabels")[plan.VersionLabel] = plan.GrayVersion;
        var template = Obj.Child(spec, "template");
        Obj.Child(Obj.Child(template, "metadata"), "labels")[plan.VersionLabel] = plan.GrayVersion;
        if (plan.Replicas is { } replicas) spec["replicas"] = replicas;

        ApplyImages(Obj.Name(baseline), Obj.Child(template, "spec"), plan.Images);
        return gray;
    }

    /// <summary>Sets images on the gray copy; every named container must exist.</summary>
    public static void ApplyImages(string deploymentName, JsonObject podSpec, IReadOnlyDictionary<string, string> images)
    {
        var containers = Obj.Objects(podSpec["containers"]).ToList();
        var names = containers.Select(c => (string?)c["name"] ?? "").ToList();
        if (images.TryGetValue("", out var only))
        {
            if (containers.Count != 1)
                throw new InvalidInputException("image",
                    $"--image is ambiguous: Deployment {deploymentName} has containers {string.Join(", ", names)}; use --images {string.Join(",", names.Select(n => n + "=<image>"))}");
            containers[0]["image"] = only;
            return;
        }
        var all = containers.Concat(Obj.Objects(podSpec["initContainers"])).ToList();
        foreach (var (name, image) in images)
        {
            var c = all.FirstOrDefault(x => (string?)x["name"] == name)
                ?? throw new InvalidInputException("images",
                    $"--images names container \"{name}\", but Deployment {deploymentName} has containers {string.Join(", ", all.Select(x => (string?)x["name"]))}");
            c["image"] = image;
        }
    }

    /// <summary>
    /// The gray's images addressed to the baseline's containers: by name where the names agree, and one-to-one when both
    /// have a single container (seed 000 names the gray's container spring-cloud-a-gray and the baseline's spring-cloud-a).
    /// </summary>
    public static IReadOnlyDictionary<string, string> ImagesForBaseline(JsonObject baseline, IReadOnlyDictionary<string, string> grayImages)
    {
        var names = Images(baseline).Keys.ToList();
        if (grayImages.Keys.All(names.Contains)) return grayImages;
        if (names.Count == 1 && grayImages.Count == 1) return new Dictionary<string, string> { [""] = grayImages.Values.Single() };
        return grayImages; // ApplyImages names the containers that do not match
    }

    /// <summary>Images of all containers, by name (for messages and records).</summary>
    public static Dictionary<string, string> Images(JsonObject deployment) =>
        Obj.Objects(deployment["spec"]?["template"]?["spec"]?["containers"])
            .ToDictionary(c => (string?)c["name"] ?? "", c => (string?)c["image"] ?? "", StringComparer.Ordinal);

    /// <summary>The name new gray Deployments get: the base name plus the version.</summary>
    public static string GrayName(string baseName, string version)
    {
        var name = $"{baseName}-{NameSuffix(version)}";
        if (!KubeNames.IsDnsSubdomain(name) || name.Length > 63)
            throw new InvalidInputException("version",
                $"the gray Deployment name \"{KubeNames.Printable(name)}\" (<baseline>-<version>) is not a valid name of at most 63 characters; choose a shorter --version of lower-case letters and digits");
        return name;
    }

    /// <summary>A version as it goes into object names: lower case, '_' and '.' as '-'.</summary>
    public static string NameSuffix(string version) => version.ToLowerInvariant().Replace('_', '-').Replace('.', '-');

    /// <summary>
    /// The base name of a baseline: what Graylane recorded when it created it, else its own name without a
    /// trailing "-&lt;version&gt;" (bookinfo's reviews-v1 gives reviews, so the gray is reviews-v2).
    /// </summary>
    public static string BaseNameOf(JsonObject baseline, string versionLabel = "version")
    {
        if (Obj.Annotation(baseline, BaseNameAnnotation) is { } recorded) return recorded;
        var name = Obj.Name(baseline);
        var version = (string?)baseline["spec"]?["template"]?["metadata"]?["labels"]?[versionLabel];
        var suffix = version is null ? null : "-" + version.ToLowerInvariant();
        return suffix is not null && name.EndsWith(suffix, StringComparison.Ordinal) && name.Length > suffix.Length ? name[..^suffix.Length] : name;
    }
}
