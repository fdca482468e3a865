using System.Text.Json.Nodes;
using Graylane.LocalCluster.Storage;

namespace Graylane.LocalCluster.Validation;

/// <summary>ObjectMeta checks every kind gets: name format, label keys/values, annotation keys.</summary>
internal static class MetadataValidator
{
    public static void Validate(JsonObject obj, ResourceType type, List<FieldError> errors)
    {
        if (obj["metadata"] is not JsonObject meta)
        {
            errors.Add(FieldError.Required("metadata"));
            return;
        }
        var name = (string?)meta["name"];
        if (string.IsNullOrEmpty(name))
            errors.Add(FieldError.Required("metadata.name", "name or generateName is required"));
        else
            foreach (var m in NameCheck(type)(name)) errors.Add(FieldError.Invalid("metadata.name", name, m));
        ValidateLabels(meta["labels"], "metadata.labels", errors);
        ValidateAnnotations(meta["annotations"], "metadata.annotations", errors);
    }

    /// <summary>Services need DNS-1035 labels, namespaces DNS-1123 labels, everything else DNS-1123 subdomains.</summary>
    private static Func<string, IEnumerable<string>> NameCheck(ResourceType type)
    {
        if (type == BuiltInTypes.Services) return NameRules.Dns1035Label;
        if (type == BuiltInTypes.Namespaces) return NameRules.Dns1123Label;
        return NameRules.Dns1123Subdomain;
    }

    public static void ValidateLabels(JsonNode? labels, string field, List<FieldError> errors)
    {
        if (labels is null) return;
        if (labels is not JsonObject map)
        {
            errors.Add(FieldError.TypeInvalid(field, labels, "must be a map of strings"));
            return;
        }
        foreach (var (key, value) in map)
        {
            foreach (var m in NameRules.QualifiedName(key)) errors.Add(FieldError.Invalid(field, key, m));
            if (value is not JsonValue v || !v.TryGetValue<string>(out var s))
            {
                errors.Add(FieldError.TypeInvalid($"{field}.{key}", value, "must be a string"));
                continue;
            }
            foreach (var m in NameRules.LabelValue(s)) errors.Add(FieldError.Invalid(field, s, m));
        }
    }

    public static void ValidateAnnotations(JsonNode? annotations, string field, List<FieldError> errors)
    {
        if (annotations is null) return;
        if (annotations is not JsonObject map)
        {
            errors.Add(FieldError.TypeInvalid(field, annotations, "must be a map of strings"));
            return;
        }
        long total = 0;
        foreach (var (key, value) in map)
        {
            foreach (var m in NameRules.QualifiedName(key.ToLowerInvariant())) errors.Add(FieldError.Invalid(field, key, m));
            total += key.Length + (value.Str()?.Length ?? 0);
        }
        if (total > 256 * 1024) errors.Add(FieldError.TooLong(field, 256 * 1024));
    }
}
