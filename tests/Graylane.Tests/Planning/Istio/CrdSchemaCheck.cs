using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using Graylane.LocalCluster.Routing;

namespace Graylane.Tests.Planning.Istio;

/// <summary>
/// A focused structural check of objects against a CRD's openAPIV3Schema (read from the real Istio CRD YAML with
/// YamlDotNet): types, nullable, unknown fields, required, enum, minimum/maximum, int32, items, additionalProperties,
/// oneOf/anyOf/not (Istio's exact|prefix|regex choice), pattern, lengths and item counts. CEL rules (x-kubernetes-validations)
/// are not evaluated here: the local cluster evaluates them in the end-to-end tests.
/// </summary>
public static class CrdSchemaCheck
{
    private static readonly Lazy<IReadOnlyList<JsonNode>> Crds = new(() =>
        YamlToJson.ParseAll(File.ReadAllText(Graylane.Tests.Workflows.RepositoryRoot.File("src/Graylane.LocalCluster/Schemas/crd-all.gen.yaml"))));

    private static readonly System.Collections.Concurrent.ConcurrentDictionary<string, IReadOnlyList<JsonNode>> Files = new();

    /// <summary>The CRDs of another file (e.g. a Gateway API CRD), relative to the repository.</summary>
    public static IReadOnlyList<string> Validate(JsonObject o, string crdFile) =>
        Validate(o, Files.GetOrAdd(crdFile, f => YamlToJson.ParseAll(File.ReadAllText(Graylane.Tests.Workflows.RepositoryRoot.File(f)))));

    public static JsonObject Schema(string kind, string version) => Schema(kind, version, Crds.Value);

    private static JsonObject Schema(string kind, string version, IReadOnlyList<JsonNode> crds) =>
        crds.OfType<JsonObject>()
            .Where(d => (string?)d["kind"] == "CustomResourceDefinition" && (string?)d["spec"]?["names"]?["kind"] == kind)
            .SelectMany(d => d["spec"]!["versions"]!.AsArray().OfType<JsonObject>())
            .Single(v => (string?)v["name"] == version)["schema"]!["openAPIV3Schema"]!.AsObject();

    /// <summary>Problems of a whole object; apiVersion, kind and metadata are Kubernetes' own and not in the CRD schema.</summary>
    public static IReadOnlyList<string> Validate(JsonObject o) => Validate(o, Crds.Value);

    private static IReadOnlyList<string> Validate(JsonObject o, IReadOnlyList<JsonNode> crds)
    {
        var schema = Schema((string)o["kind"]!, ((string)o["apiVersion"]!).Split('/')[1], crds);
        var body = (JsonObject)o.DeepClone();
        foreach (var k in new[] { "apiVersion", "kind", "metadata" }) body.Remove(k);
        var problems = new List<string>();
        Check(body, schema, "", problems);
        return problems;
    }

    private static void Check(JsonNode? value, JsonObject schema, string path, List<string> problems)
    {
        if (value is null)
        {
            if (schema["nullable"]?.GetValue<bool>() != true) problems.Add($"{path}: null");
            return;
        }
        var kind = value.GetValueKind();
        var intOrString = schema["x-kubernetes-int-or-string"]?.GetValue<bool>() == true;
        switch ((string?)schema["type"])
        {
            case "object" when kind != JsonValueKind.Object:
            case "array" when kind != JsonValueKind.Array:
            case "string" when kind != JsonValueKind.String && !(intOrString && kind == JsonValueKind.Number):
            case "boolean" when kind is not (JsonValueKind.True or JsonValueKind.False):
            case "number" when kind != JsonValueKind.Number:
            case "integer" when kind != JsonValueKind.Number:
                problems.Add($"{path}: expected {schema["type"]}, found {kind}");
                return;
        }
        if (kind == JsonValueKind.Number)
        {
            var d = double.Parse(value.ToJsonString(), CultureInfo.InvariantCulture);
            if ((string?)schema["type"] == "integer" && d != Math.Floor(d)) problems.Add($"{path}: {d} is not an integer");
            if ((string?)schema["format"] == "int32" && d is > int.MaxValue or < int.MinValue) problems.Add($"{path}: {d} is out of int32 range");
            if (schema["minimum"] is { } min && d < double.Parse(min.ToJsonString(), CultureInfo.InvariantCulture)) problems.Add($"{path}: {d} below minimum {min}");
            if (schema["maximum"] is { } max && d > double.Parse(max.ToJsonString(), CultureInfo.InvariantCulture)) problems.Add($"{path}: {d} above maximum {max}");
        }
        if (kind == JsonValueKind.String)
        {
            var text = value.GetValue<string>();
            if (schema["maxLength"] is { } maxLength && text.Length > maxLength.GetValue<long>()) problems.Add($"{path}: longer than {maxLength}");
            if (schema["minLength"] is { } minLength && text.Length < minLength.GetValue<long>()) problems.Add($"{path}: shorter than {minLength}");
            if ((string?)schema["pattern"] is { } pattern && !System.Text.RegularExpressions.Regex.IsMatch(text, pattern))
                problems.Add($"{path}: \"{text}\" does not match {pattern}");
        }
        if (value is JsonArray sized)
        {
            if (schema["maxItems"] is { } maxItems && sized.Count > maxItems.GetValue<long>()) problems.Add($"{path}: more than {maxItems} items");
            if (schema["minItems"] is { } minItems && sized.Count < minItems.GetValue<long>()) problems.Add($"{path}: fewer than {minItems} items");
        }
        if (schema["enum"] is JsonArray options && !options.Any(x => JsonNode.DeepEquals(x, value)))
            problems.Add($"{path}: {value.ToJsonString()} is not one of {options.ToJsonString()}");
        if (value is JsonObject obj)
        {
            var properties = schema["properties"] as JsonObject;
            var additional = schema["additionalProperties"] as JsonObject;
            var preserve = schema["x-kubernetes-preserve-unknown-fields"]?.GetValue<bool>() == true;
            foreach (var (key, child) in obj)
            {
                if (properties?[key] is JsonObject p) Check(child, p, $"{path}.{key}", problems);
                else if (additional is not null) Check(child, additional, $"{path}.{key}", problems);
                else if (!preserve && properties is not null) problems.Add($"{path}.{key}: unknown field");
            }
            foreach (var r in (schema["required"] as JsonArray ?? []).Select(r => (string)r!))
                if (!obj.ContainsKey(r)) problems.Add($"{path}: missing required field {r}");
        }
        if (value is JsonArray array && schema["items"] is JsonObject items)
            for (var i = 0; i < array.Count; i++) Check(array[i], items, $"{path}[{i}]", problems);
        if (schema["oneOf"] is JsonArray oneOf && oneOf.OfType<JsonObject>().Count(s => Holds(value, s)) != 1)
            problems.Add($"{path}: {value.ToJsonString()} must satisfy exactly one of {oneOf.ToJsonString()}");
        if (schema["anyOf"] is JsonArray anyOf && !anyOf.OfType<JsonObject>().Any(s => Holds(value, s)))
            problems.Add($"{path}: must satisfy one of {anyOf.ToJsonString()}");
        if (schema["not"] is JsonObject not && Holds(value, not))
            problems.Add($"{path}: must not satisfy {not.ToJsonString()}");
    }

    private static bool Holds(JsonNode value, JsonObject schema)
    {
        var problems = new List<string>();
        Check(value, schema, "", problems);
        return problems.Count == 0;
    }
}
