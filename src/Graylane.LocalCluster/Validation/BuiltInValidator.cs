using System.Text.Json.Nodes;
using Graylane.LocalCluster.Storage;

namespace Graylane.LocalCluster.Validation;

/// <summary>The kind-specific checks of the real server that matter for releases (Deployments, Pods, Services).</summary>
internal static class BuiltInValidator
{
    public static void Validate(JsonObject obj, ResourceType type, List<FieldError> errors)
    {
        if (type == BuiltInTypes.Deployments || type == BuiltInTypes.ReplicaSets) ValidateWorkload(obj, errors);
        else if (type == BuiltInTypes.Pods) ValidatePodSpec(obj["spec"], "spec", errors);
        else if (type == BuiltInTypes.Services) ValidateService(obj, errors);
    }

    private static void ValidateWorkload(JsonObject obj, List<FieldError> errors)
    {
        var spec = obj["spec"] as JsonObject;
        if (spec is null)
        {
            errors.Add(FieldError.Required("spec.selector"));
            errors.Add(FieldError.Required("spec.template.spec.containers"));
            return;
        }
        if (spec["replicas"] is { } replicas && (replicas.Long() ?? 0) < 0)
            errors.Add(FieldError.Invalid("spec.replicas", replicas, "must be greater than or equal to 0"));
        var selector = spec["selector"] as JsonObject;
        var templateLabels = JsonHelpers.StringMap(spec["template"]?["metadata"]?["labels"]);
        if (selector is null) errors.Add(FieldError.Required("spec.selector"));
        else
        {
            MetadataValidator.ValidateLabels(selector["matchLabels"], "spec.selector.matchLabels", errors);
            var parsed = Selectors.LabelSelector.FromObject(selector);
            if (parsed.IsEmpty)
                errors.Add(FieldError.Invalid("spec.selector", selector.DeepClone(), "empty selector is invalid for deployment"));
            else if (!parsed.Matches(templateLabels))
                errors.Add(FieldError.Invalid("spec.template.metadata.labels", spec["template"]?["metadata"]?["labels"]?.DeepClone(),
                    "`selector` does not match template `labels`"));
        }
        MetadataValidator.ValidateLabels(spec["template"]?["metadata"]?["labels"], "spec.template.metadata.labels", errors);
        ValidatePodSpec(spec["template"]?["spec"], "spec.template.spec", errors);
    }

    private static void ValidatePodSpec(JsonNode? podSpec, string path, List<FieldError> errors)
    {
        var containers = podSpec?["containers"] as JsonArray;
        if (containers is null || containers.Count == 0)
        {
            errors.Add(FieldError.Required($"{path}.containers"));
            return;
        }
        ValidateContainers(containers, $"{path}.containers", errors);
        if (podSpec?["initContainers"] is JsonArray init) ValidateContainers(init, $"{path}.initContainers", errors);
    }

    private static void ValidateContainers(JsonArray containers, string path, List<FieldError> errors)
    {
        var seen = new HashSet<string>(StringComparer.Ordinal);
        for (var i = 0; i < containers.Count; i++)
        {
            var c = containers[i] as JsonObject;
            var name = c?["name"].Str();
            if (string.IsNullOrEmpty(name)) errors.Add(FieldError.Required($"{path}[{i}].name"));
            else
            {
                foreach (var m in NameRules.Dns1123Label(name)) errors.Add(FieldError.Invalid($"{path}[{i}].name", name, m));
                if (!seen.Add(name)) errors.Add(FieldError.Duplicate($"{path}[{i}].name", name));
            }
            if (string.IsNullOrEmpty(c?["image"].Str())) errors.Add(FieldError.Required($"{path}[{i}].image"));
        }
    }

    private static void ValidateService(JsonObject obj, List<FieldError> errors)
    {
        var spec = obj["spec"] as JsonObject ?? new JsonObject();
        var type = spec["type"].Str() ?? "ClusterIP";
        string[] types = ["ClusterIP", "NodePort", "LoadBalancer", "ExternalName"];
        if (!types.Contains(type))
            errors.Add(FieldError.NotSupported("spec.type", type, types.Select(t => $"\"{t}\"")));
        if (spec["selector"] is JsonObject selector)
            foreach (var (key, value) in selector)
            {
                foreach (var m in NameRules.QualifiedName(key)) errors.Add(FieldError.Invalid("spec.selector", key, m));
                foreach (var m in NameRules.LabelValue(value.Str() ?? "")) errors.Add(FieldError.Invalid("spec.selector", value?.DeepClone(), m));
            }
        var ports = spec["ports"] as JsonArray;
        var headless = spec["clusterIP"].Str() == "None";
        if ((ports is null || ports.Count == 0) && type != "ExternalName" && !headless)
            errors.Add(FieldError.Required("spec.ports"));
        for (var i = 0; ports is not null && i < ports.Count; i++)
        {
            var port = ports[i]?["port"];
            var n = port.Long();
            if (n is null) errors.Add(FieldError.Required($"spec.ports[{i}].port"));
            else if (n is < 1 or > 65535)
                errors.Add(FieldError.Invalid($"spec.ports[{i}].port", port?.DeepClone(), "must be between 1 and 65535, inclusive"));
            if (ports.Count > 1 && string.IsNullOrEmpty(ports[i]?["name"].Str()))
                errors.Add(FieldError.Required($"spec.ports[{i}].name"));
        }
    }
}
