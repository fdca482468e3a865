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
