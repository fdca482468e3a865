using System.Text.Json.Nodes;

namespace Graylane.LocalCluster.Validation.Cel.Schema;

/// <summary>
/// A CRD whose x-kubernetes-validations rule does not compile is refused, as the real server refuses it, with the
/// rule's path in the CRD (<c>spec.versions[0].schema.openAPIV3Schema.properties[spec].x-kubernetes-validations[0].rule</c>).
/// A rule that only calls a function the local cluster lacks is accepted (its objects get a Warning instead).
/// The compiler's wording differs from cel-go's.
/// </summary>
internal static class CrdRuleCheck
{
    public static void Validate(JsonObject crd, List<FieldError> errors)
    {
        var versions = crd["spec"]?["versions"] as JsonArray ?? [];
        for (var i = 0; i < versions.Count; i++)
            if (versions[i]?["schema"]?["openAPIV3Schema"] is JsonObject schema)
                Walk(schema, $"spec.versions[{i}].schema.openAPIV3Schema", errors);
    }

    private static void Walk(JsonObject node, string path, List<FieldError> errors)
    {
        var rules = node["x-kubernetes-validations"] as JsonArray ?? [];
        for (var i = 0; i < rules.Count; i++)
        {
            if (rules[i] is not JsonObject entry) continue;
            var rulePath = $"{path}.x-kubernetes-validations[{i}]";
            if (string.IsNullOrWhiteSpace((string?)entry["rule"]))
            {
                errors.Add(FieldError.Required($"{rulePath}.rule", "rule is not specified"));
                continue;
            }
            var compiled = CelRuleSet.Compile(entry);
            if (compiled.CompileError is not null)
                errors.Add(FieldError.Invalid($"{rulePath}.rule", JsonValue.Create(compiled.Rule), $"compilation failed: {compiled.CompileError}"));
        }
        foreach (var (key, child) in node["properties"] as JsonObject ?? [])
            if (child is JsonObject c) Walk(c, $"{path}.properties[{key}]", errors);
        if (node["additionalProperties"] is JsonObject additional) Walk(additional, $"{path}.additionalProperties", errors);
        if (node["items"] is JsonObject items) Walk(items, $"{path}.items", errors);
    }
}
