using System.Text.Json.Nodes;
using Graylane.Core.Json;
using Graylane.Core.Validation;

namespace Graylane.Core.Manifests;

/// <summary>
/// --image/--images applied to the manifests before anything else looks at them. Two forms, mixable in one list:
/// "container=image" sets the image of every container of that name (today's form), and a bare reference such as
/// registry.example.com/shop/web:2.1 replaces the image of every container whose image has the same repository
/// (Azure/k8s-deploy's form: CI builds a new tag of an image the manifests already name). An entry that changes no
/// container is bad input: it is almost always a typo, and releasing without it would ship the old image.
/// </summary>
public static class ManifestImages
{
    /// <returns>One line per container changed: "Deployment web, container web: shop/web:2.0 -> shop/web:2.1".</returns>
    public static IReadOnlyList<string> Apply(ManifestSet set, string? image, string? images)
    {
        if (!string.IsNullOrWhiteSpace(image) && !string.IsNullOrWhiteSpace(images))
            throw new InvalidInputException("images", "give either --image (one container) or --images, not both");
        var changes = new List<string>();
        var templates = PodTemplates(set).ToList();
        if (!string.IsNullOrWhiteSpace(image))
        {
            var reference = ImageReference.Validate("image", image.Trim());
            var all = templates.SelectMany(t => Containers(t.Spec, includeInit: false).Select(c => (t.Owner, Container: c))).ToList();
            if (all.Count != 1)
                throw new InvalidInputException("image",
                    $"--image needs manifests with exactly one container, but they have {all.Count} ({string.Join(", ", all.Select(x => $"{x.Owner.Title}/{x.Container["name"]}"))}); " +
                    "use --images name=image for a container by name, or --images <repository>:<tag> for every container of that repository");
            Set(all[0].Owner, all[0].Container, reference, changes);
            return changes;
        }
        if (string.IsNullOrWhiteSpace(images)) return changes;
        foreach (var entry in images.Split([',', '\n'], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            var eq = entry.IndexOf('=');
            var before = changes.Count;
            if (eq >= 0)
            {
                var name = eq == 0 ? "" : entry[..eq].Trim();
                if (!KubeNames.IsDnsLabel(name))
                    throw new InvalidInputException("images", $"--images entry \"{KubeNames.Printable(entry)}\": \"{KubeNames.Printable(name)}\" is not a container name; use container=image or a bare image reference");
                var reference = ImageReference.Validate("images", entry[(eq + 1)..].Trim());
                foreach (var (owner, spec) in templates)
                    foreach (var c in Containers(spec, includeInit: true).Where(c => (string?)c["name"] == name))
                        Set(owner, c, reference, changes);
                if (changes.Count == before)
                    throw new InvalidInputException("images",
                        $"--images names container \"{name}\", but no workload in --manifests has a container of that name; they have {Inventory(templates)}");
            }
            else
            {
                var reference = ImageReference.Validate("images", entry);
                var repository = Repository(reference);
                foreach (var (owner, spec) in templates)
                    foreach (var c in Containers(spec, includeInit: true).Where(c => Repository((string?)c["image"] ?? "") == repository))
                        Set(owner, c, reference, changes);
                if (changes.Count == before)
                    throw new InvalidInputException("images",
                        $"--images {entry}: no container in --manifests runs an image of repository {repository}; they run {Inventory(templates)} " +
                        "(a bare reference replaces the images of its own repository; use container=image to set another)");
            }
        }
        return changes;
    }

    /// <summary>The repository of a reference: without its tag and digest ("shop/web:2.1@sha256:…" → "shop/web").</summary>
    public static string Repository(string image)
    {
        var at = image.IndexOf('@');
        var name = at < 0 ? image : image[..at];
        var colon = name.LastIndexOf(':');
        return colon > name.LastIndexOf('/') ? name[..colon] : name;
    }

    private static void Set(ManifestObject owner, JsonObject container, string image, List<string> changes)
    {
        var old = (string?)container["image"] ?? "";
        container["image"] = image;
        changes.Add($"{owner.Title}, container {container["name"]}: {(old == image ? $"{image} (unchanged)" : $"{old} -> {image}")}");
    }

    private static string Inventory(IEnumerable<(ManifestObject Owner, JsonObject Spec)> templates) =>
        string.Join(", ", templates.SelectMany(t => Containers(t.Spec, includeInit: true).Select(c => $"{c["name"]}={c["image"]} ({t.Owner.Title})")));

    private static IEnumerable<JsonObject> Containers(JsonObject podSpec, bool includeInit) =>
        includeInit ? Obj.Objects(podSpec["containers"]).Concat(Obj.Objects(podSpec["initContainers"])) : Obj.Objects(podSpec["containers"]);

    /// <summary>The pod spec of every workload in the manifests.</summary>
    public static IEnumerable<(ManifestObject Owner, JsonObject Spec)> PodTemplates(ManifestSet set)
    {
        foreach (var o in set.Objects)
        {
            var spec = o.Kind switch
            {
                "Deployment" or "StatefulSet" or "DaemonSet" or "ReplicaSet" or "Job" => o.Object["spec"]?["template"]?["spec"],
                "CronJob" => o.Object["spec"]?["jobTemplate"]?["spec"]?["template"]?["spec"],
                "Pod" => o.Object["spec"],
                _ => null,
            };
            if (spec is JsonObject s) yield return (o, s);
        }
    }
}
