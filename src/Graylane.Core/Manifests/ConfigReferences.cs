using System.Text.Json.Nodes;
using Graylane.Core.Json;

namespace Graylane.Core.Manifests;

/// <summary>
/// The ConfigMaps and Secrets a pod spec reads — env valueFrom, envFrom, volumes and projected volume sources, in every
/// kind of container — and the rewrite that points those references at other names (the gray's config copies).
/// </summary>
public static class ConfigReferences
{
    public const string ConfigMap = "ConfigMap";
    public const string Secret = "Secret";

    /// <summary>Every reference as (kind, name), each once.</summary>
    public static IReadOnlyList<(string Kind, string Name)> Find(JsonObject podSpec)
    {
        var found = new List<(string, string)>();
        Visit(podSpec, (kind, node, key) =>
        {
            if ((string?)node[key] is { Length: > 0 } name && !found.Contains((kind, name))) found.Add((kind, name));
        });
        return found;
    }

    /// <summary>Replaces the referenced names found in renames ((kind, old name) → new name); returns how many references changed.</summary>
    public static int Rename(JsonObject podSpec, IReadOnlyDictionary<(string Kind, string Name), string> renames)
    {
        var changed = 0;
        Visit(podSpec, (kind, node, key) =>
        {
            if ((string?)node[key] is { } name && renames.TryGetValue((kind, name), out var renamed))
            {
                node[key] = renamed;
                changed++;
            }
        });
        return changed;
    }

    private static void Visit(JsonObject podSpec, Action<string, JsonObject, string> reference)
    {
        foreach (var list in new[] { "containers", "initContainers", "ephemeralContainers" })
        {
            foreach (var c in Obj.Objects(podSpec[list]))
            {
                foreach (var env in Obj.Objects(c["env"]))
                {
                    if (env["valueFrom"]?["configMapKeyRef"] is JsonObject cm) reference(ConfigMap, cm, "name");
                    if (env["valueFrom"]?["secretKeyRef"] is JsonObject s) reference(Secret, s, "name");
                }
                foreach (var from in Obj.Objects(c["envFrom"]))
                {
                    if (from["configMapRef"] is JsonObject cm) reference(ConfigMap, cm, "name");
                    if (from["secretRef"] is JsonObject s) reference(Secret, s, "name");
                }
            }
        }
        foreach (var volume in Obj.Objects(podSpec["volumes"]))
        {
            if (volume["configMap"] is JsonObject cm) reference(ConfigMap, cm, "name");
            if (volume["secret"] is JsonObject s) reference(Secret, s, "secretName");
            foreach (var source in Obj.Objects(volume["projected"]?["sources"]))
            {
                if (source["configMap"] is JsonObject pcm) reference(ConfigMap, pcm, "name");
                if (source["secret"] is JsonObject ps) reference(Secret, ps, "name");
            }
        }
    }
}
