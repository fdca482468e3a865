using System.Text.Json.Nodes;

namespace Graylane.LocalCluster.Validation;

/// <summary>Pod spec checks of the real server that releases meet: containers present, named (unique DNS-1123 labels), with an image.</summary>
internal static class PodSpecValidation
{
    public static void Validate(JsonNode? podSpec, string path, List<FieldError> errors)
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
}
