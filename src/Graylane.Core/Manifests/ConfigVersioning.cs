using System.Text.Json.Nodes;
using Graylane.Core.Json;
using Graylane.Core.Planning;
using Graylane.Core.Validation;

namespace Graylane.Core.Manifests;

/// <summary>
/// Config is versioned: a ConfigMap or Secret of the manifests that the new pod template reads and whose content
/// differs from the live object gets a copy named &lt;name&gt;-&lt;version&gt;, read only by the gray pods, so the baseline
/// keeps reading exactly what it read before and a rollback is a delete. Promote makes the new content current
/// under the original name.
/// </summary>
public static class ConfigVersioning
{
    public const string CopyOfAnnotation = "graylane.io/copy-of";

    /// <summary>
    /// On the stable's pod template after an in-place promote that changed config under its own name: a fingerprint of
    /// that content. Pods read env and files from config when they start, so the stable's pods must be replaced to read
    /// the new content even when nothing else in the template changed (what `kubectl rollout restart` does, but
    /// deterministic, so a re-run does not restart them again). Not the manifests' field: it stays out of kubectl's
    /// last-applied annotation and out of diffs against the manifests.
    /// </summary>
    public const string ConfigHashAnnotation = "graylane.io/config-hash";

    /// <summary>Template annotations that restart pods without changing what they run: ignored when templates are compared.</summary>
    public static readonly string[] RestartAnnotations = [ConfigHashAnnotation, "kubectl.kubernetes.io/restartedAt"];

    /// <summary>The fingerprint of changed config (kind/name=content hash, in a stable order), or null when none changed.</summary>
    public static string? ConfigHash(IEnumerable<(string Kind, string Name, string Hash)> changed)
    {
        var lines = changed.Select(c => $"{c.Kind}/{c.Name}={c.Hash}").Order(StringComparer.Ordinal).ToList();
        if (lines.Count == 0) return null;
        var bytes = System.Security.Cryptography.SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(string.Join("\n", lines)));
        return Convert.ToHexStringLower(bytes)[..16];
    }

    /// <summary>The Deployment with the config fingerprint on its pod template (a copy).</summary>
    public static JsonObject WithConfigHash(JsonObject deployment, string hash)
    {
        var copy = (JsonObject)deployment.DeepClone();
        var meta = Obj.Child(Obj.Child(Obj.Child(copy, "spec"), "template"), "metadata");
        Obj.Child(meta, "annotations")[ConfigHashAnnotation] = hash;
        return copy;
    }

    /// <summary>A Deployment spec without the restart annotations on its template (a copy), for comparing what pods run.</summary>
    public static JsonObject WithoutRestartAnnotations(JsonObject spec)
    {
        var copy = (JsonObject)spec.DeepClone();
        if (copy["template"]?["metadata"]?["annotations"] is JsonObject annotations)
        {
            foreach (var a in RestartAnnotations) annotations.Remove(a);
            if (annotations.Count == 0) ((JsonObject)copy["template"]!["metadata"]!).Remove("annotations");
        }
        return copy;
    }

    /// <param name="podSpec">The gray's pod spec (the manifest's), whose references decide which config objects matter.</param>
    /// <param name="live">The live object of a kind and name, or null when it does not exist.</param>
    public static IReadOnlyList<ConfigChange> Plan(ManifestSet set, JsonObject podSpec, string version, Func<string, string, JsonObject?> live)
    {
        var changes = new List<ConfigChange>();
        foreach (var (kind, name) in ConfigReferences.Find(podSpec))
        {
            if (set.Find("", kind, name) is not { } manifest) continue; // not in the manifests: the gray reads the live object
            var current = live(kind, name);
            var hash = ConfigData.Hash(manifest.Object);
            if (current is null)
                changes.Add(new ConfigChange(manifest, ConfigAction.Create, name, ConfigData.DiffLines(null, manifest.Object), hash));
            else if (ConfigData.Same(current, manifest.Object))
                changes.Add(new ConfigChange(manifest, ConfigAction.Unchanged, name, [], hash));
            else
                changes.Add(new ConfigChange(manifest, ConfigAction.Copy, CopyName(manifest, version), ConfigData.DiffLines(current, manifest.Object), hash));
        }
        return changes;
    }

    /// <summary>Points the pod spec at the copies.</summary>
    public static void ReadCopies(JsonObject podSpec, IEnumerable<ConfigChange> changes) =>
        ConfigReferences.Rename(podSpec, changes.Where(c => c.Action == ConfigAction.Copy).ToDictionary(c => (c.Kind, c.Name), c => c.ReadAs));

    public static string CopyName(ManifestObject manifest, string version)
    {
        var name = $"{manifest.Name}-{GrayDeploymentPlanner.NameSuffix(version)}";
        if (!KubeNames.IsDnsSubdomain(name))
            throw new InvalidInputException("version",
                $"the copy of {manifest.Title} for the gray version would be named \"{KubeNames.Printable(name)}\", which is not a valid name; choose a shorter --version");
        return name;
    }

    /// <summary>The gray's copy: the manifest's content under the copy's name, labelled as the release's.</summary>
    public static JsonObject CopyObject(ConfigChange change, string app, string version, string ns)
    {
        var copy = ServerFields.Strip(change.Manifest.Object);
        var meta = Obj.Metadata(copy);
        meta["name"] = change.ReadAs;
        meta["namespace"] = ns;
        if (meta["annotations"] is JsonObject ann) ann.Remove("kubectl.kubernetes.io/last-applied-configuration");
        Obj.SetLabel(copy, GrayDeploymentPlanner.AppAnnotation, app);
        Obj.SetAnnotation(copy, GrayDeploymentPlanner.AppAnnotation, app);
        Obj.SetAnnotation(copy, GrayDeploymentPlanner.VersionAnnotation, version);
        Obj.SetAnnotation(copy, CopyOfAnnotation, change.Name);
        return copy;
    }
}
