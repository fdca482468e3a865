using System.Text.Json.Nodes;
using Graylane.Core.Json;
using Graylane.Core.Validation;

namespace Graylane.Core.Manifests;

/// <summary>
/// The objects of --manifests after every check that needs no cluster: each has apiVersion, kind and a valid name, sits
/// in the release's namespace, appears once, and each Deployment's selector selects its own pod template.
/// </summary>
public sealed class ManifestSet
{
    private ManifestSet(IReadOnlyList<ManifestObject> objects) => Objects = objects;

    public IReadOnlyList<ManifestObject> Objects { get; }

    public IEnumerable<ManifestObject> Deployments => Objects.Where(o => o.IsDeployment);

    public ManifestObject? Find(string group, string kind, string name) =>
        Objects.FirstOrDefault(o => o.Is(group, kind) && o.Name == name);

    public static ManifestSet Create(IReadOnlyList<ManifestObject> all, string ns)
    {
        if (all.Count == 0)
            throw new InvalidInputException("manifests", "--manifests holds no object (only empty documents): give the YAML of at least one Deployment");
        var kept = new List<ManifestObject>();
        var seen = new Dictionary<string, ManifestObject>(StringComparer.Ordinal);
        foreach (var o in all)
        {
            CheckShape(o, ns);
            // The release's own namespace may be in the manifests (kustomize's namespace.yaml): it exists, nothing to do.
            if (o.Is("", "Namespace")) continue;
            if (seen.TryGetValue(o.Key, out var first))
                throw ManifestLoader.Bad(o.Source, "metadata.name", $"{o.Title} appears twice; it is also at {first.Source}");
            seen[o.Key] = o;
            if (o.IsDeployment) CheckDeployment(o);
            kept.Add(o);
        }
        if (!kept.Any(o => o.IsDeployment))
            throw new InvalidInputException("manifests",
                $"--manifests holds no Deployment ({string.Join(", ", kept.Select(o => o.Title).Take(5))}): the new version comes from a Deployment's pod template");
        return new ManifestSet(kept);
    }

    private static void CheckShape(ManifestObject o, string ns)
    {
        if (o.Object["apiVersion"] is not JsonValue || o.ApiVersion.Length == 0)
            throw ManifestLoader.Bad(o.Source, "apiVersion", "missing: every object needs apiVersion (e.g. apps/v1) and kind");
        if (o.Object["kind"] is not JsonValue || o.Kind.Length == 0)
            throw ManifestLoader.Bad(o.Source, "kind", "missing: every object needs apiVersion and kind (e.g. Deployment)");
        if (o.Object["metadata"] is not JsonObject meta)
            throw ManifestLoader.Bad(o.Source, "metadata", $"{o.Kind}: missing metadata with a name");
        if (meta["name"] is not JsonValue || o.Name.Length == 0)
            throw ManifestLoader.Bad(o.Source, "metadata.name", meta["generateName"] is null
                ? $"{o.Kind}: missing; every object needs a name"
                : $"{o.Kind}: generateName is not supported, because a release must find the object again by name; give metadata.name");
        if (!KubeNames.IsDnsSubdomain(o.Name))
            throw ManifestLoader.Bad(o.Source, "metadata.name",
                $"{o.Kind} \"{KubeNames.Printable(o.Name)}\" is not a valid Kubernetes name (lower-case letters, digits, '-' and '.')");
        if (o.Is("", "Namespace"))
        {
            if (o.Name != ns)
                throw ManifestLoader.Bad(o.Source, "metadata.name", $"Namespace {o.Name} differs from --namespace {ns}; a release stays in one namespace");
            return;
        }
        if (!ManifestKinds.IsNamespaced(o.Group, o.Kind))
            throw ManifestLoader.Bad(o.Source, "kind",
                $"{o.Title} is cluster-scoped; a release changes only its own namespace — apply cluster-scoped objects before the release");
        if (o.Namespace is { } own && own != ns)
            throw ManifestLoader.Bad(o.Source, "metadata.namespace",
                $"{o.Title} is in namespace {own}, but the release is in --namespace {ns}; remove metadata.namespace or pass --namespace {own}");
    }

    private static void CheckDeployment(ManifestObject o)
    {
        var spec = o.Object["spec"] as JsonObject ?? throw ManifestLoader.Bad(o.Source, "spec", $"{o.Title} has no spec");
        if (spec["template"]?["spec"]?["containers"] is not JsonArray { Count: > 0 } containers)
            throw ManifestLoader.Bad(o.Source, "spec.template.spec.containers", $"{o.Title} has no container");
        var index = 0;
        foreach (var c in containers)
        {
            var field = $"spec.template.spec.containers[{index++}]";
            if (c is not JsonObject container || (string?)container["name"] is not { Length: > 0 })
                throw ManifestLoader.Bad(o.Source, field + ".name", $"{o.Title}: every container needs a name");
            if ((string?)container["image"] is not { Length: > 0 })
                throw ManifestLoader.Bad(o.Source, field + ".image", $"{o.Title}: container {container["name"]} has no image");
        }
        var labels = Obj.StringMap(spec["template"]?["metadata"]?["labels"]);
        if (spec["selector"] is not JsonObject selector)
            throw ManifestLoader.Bad(o.Source, "spec.selector", $"{o.Title} has no selector (apps/v1 requires one, e.g. matchLabels: {{app: {o.Name}}})");
        if (!LabelSelectors.Selects(selector, labels))
            throw ManifestLoader.Bad(o.Source, "spec.selector",
                $"{o.Title}: the selector {LabelSelectors.Format(selector)} does not match the pod template's labels {Obj.Format(labels)} (spec.template.metadata.labels)");
    }
}
