using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Graylane.LocalCluster.Schemas;

namespace Graylane.LocalCluster.Validation;

/// <summary>
/// What decoding a built-in kind's JSON into its Go type does on a real server, checked against the kind's swagger
/// definition: a value of the wrong JSON type is a 400 "cannot unmarshal" decode error (the first one, worded as Go's
/// encoding/json words it), fields the type does not have are unknown (reported by fieldValidation, then dropped),
/// and required fields that are missing or empty are 422 Required value errors. Status is left to its writers.
/// </summary>
internal static partial class TypedDecoding
{
    public sealed class Result
    {
        public List<string> Unknown { get; } = new();
        public List<FieldError> Required { get; } = new();
        public string? DecodeError { get; set; }
    }

    /// <summary>Checks obj (in the served version) and removes its unknown fields. Null when the kind has no definition.</summary>
    public static Result? Check(JsonObject obj, string group, string version, string kind)
    {
        if (SwaggerDefinitions.ForKind(group, version, kind) is not { } definition) return null;
        var result = new Result();
        new Walker(result).Object(obj, definition, "", "", kind, required: true); // a kind's Go type is named after it
        return result;
    }

    private sealed class Walker(Result result)
    {
        /// <param name="path">Field path with list indices ("spec.containers[0].name"), as strict-decoding and validation errors say.</param>
        /// <param name="goPath">Go's decode-error path: struct field names only, no indices, no map keys.</param>
        /// <param name="checkRequired">False under status, whose required markers the real server does not enforce.</param>
        public void Object(JsonObject o, JsonObject schema, string path, string goPath, string structName, bool required)
        {
            var props = schema["properties"] as JsonObject;
            if (props is null)
            {
                if (schema["additionalProperties"] is JsonObject valueSchema)
                    foreach (var (key, value) in o) Value(value, valueSchema, Join(path, key), goPath, structName, key, required);
                return;
            }
            foreach (var key in o.Select(kv => kv.Key).ToList())
            {
                var childPath = Join(path, key);
                if (props[key] is not JsonObject propSchema)
                {
                    if ((bool?)schema["x-kubernetes-preserve-unknown-fields"] == true) continue;
                    result.Unknown.Add(childPath);
                    o.Remove(key);
                    continue;
                }
                var childRequired = required && !(path.Length == 0 && key == "status");
                Value(o[key], propSchema, childPath, Join(goPath, key), structName, key, childRequired);
            }
            if (!required) return;
            foreach (var name in (schema["required"] as JsonArray ?? []).Select(r => r.Str() ?? ""))
            {
                if (props[name] is not JsonObject propSchema) continue;
                var resolved = SwaggerDefinitions.Resolve(propSchema) ?? propSchema;
                if (resolved["type"].Str() is "integer" or "number" or "boolean") continue; // Go's zero value; checked by kind rules
                var value = o[name];
                var missing = value is null
                              || value is JsonValue v && v.TryGetValue<string>(out var s) && s.Length == 0
                              || value is JsonArray { Count: 0 };
                if (missing) result.Required.Add(FieldError.Required(Join(path, name)));
            }
        }

        private void Value(JsonNode? value, JsonObject propSchema, string path, string goPath, string structName, string field, bool required)
        {
            if (value is null) return; // JSON null leaves the Go field at its zero value
            var definitionName = propSchema["$ref"].Str() ?? (propSchema["allOf"] as JsonArray)?.FirstOrDefault()?["$ref"].Str();
            var schema = SwaggerDefinitions.Resolve(propSchema) ?? propSchema;
            var goType = GoType(propSchema);
            switch (definitionName?[(definitionName.LastIndexOf('/') + 1)..])
            {
                case "io.k8s.apimachinery.pkg.util.intstr.IntOrString":
                    if (!(IsString(value) || IsInteger(value)))
                        Fail($"json: cannot unmarshal {JsonKind(value)} into Go value of type int32");
                    return;
                case "io.k8s.apimachinery.pkg.api.resource.Quantity":
                    if (IsString(value, out var q) && !QuantityPattern().IsMatch(q))
                        Fail("quantities must match the regular expression '^([+-]?[0-9.]+)([eEinumkKMGTP]*[-+]?[0-9]*)$'");
                    else if (!IsString(value) && !IsNumber(value)) Mismatch(value, structName, goPath, goType);
                    return;
                case "io.k8s.apimachinery.pkg.apis.meta.v1.Time" or "io.k8s.apimachinery.pkg.apis.meta.v1.MicroTime":
                    if (!IsString(value, out var t)) Fail($"json: cannot unmarshal {JsonKind(value)} into Go value of type string");
                    else if (!DateTimeOffset.TryParse(t, System.Globalization.CultureInfo.InvariantCulture, System.Globalization.DateTimeStyles.None, out _) || !t.Contains('T'))
                        Fail($"parsing time \"{t}\" as \"2006-01-02T15:04:05Z07:00\": cannot parse \"{t}\" as \"2006\"");
                    return;
            }
            switch (schema["type"].Str())
            {
                case "string":
                    if (!IsString(value, out var text)) Mismatch(value, structName, goPath, goType);
                    else if (schema["format"].Str() == "byte" && !IsBase64(text, out var at)) Fail($"illegal base64 data at input byte {at}");
                    return;
                case "integer":
                    if (!IsNumber(value)) Mismatch(value, structName, goPath, goType);
                    else if (!FitsInteger(value, schema["format"].Str())) MismatchNumber(value, structName, goPath, goType);
                    return;
                case "number":
                    if (!IsNumber(value)) Mismatch(value, structName, goPath, goType);
                    return;
                case "boolean":
                    if (value.GetValueKind() is not (JsonValueKind.True or JsonValueKind.False)) Mismatch(value, structName, goPath, goType);
                    return;
                case "array":
                    if (value is not JsonArray a)
                    {
                        Mismatch(value, structName, goPath, goType);
                        return;
                    }
                    if ((schema["items"] ?? propSchema["items"]) is JsonObject items)
                        for (var i = 0; i < a.Count; i++) Value(a[i], items, $"{path}[{i}]", goPath, structName, field, required);
                    return;
                case "object" or null when schema["properties"] is not null || schema["additionalProperties"] is JsonObject:
                    // (an object type with neither, like RawExtension or FieldsV1, takes any JSON, as its Go type does)
                    if (value is not JsonObject o)
                    {
                        Mismatch(value, structName, goPath, goType);
                        return;
                    }
                    if (schema["properties"] is not null)
                        Object(o, schema, path, goPath, definitionName is null ? structName : GoName(definitionName), required);
                    else if (schema["additionalProperties"] is JsonObject valueSchema)
                        foreach (var (key, v) in o) Value(v, valueSchema, Join(path, key), goPath, structName, key, required);
                    return;
            }
        }

        private void Mismatch(JsonNode value, string structName, string goPath, string goType) =>
            Fail($"json: cannot unmarshal {JsonKind(value)} into Go struct field {structName}.{goPath} of type {goType}");

        private void MismatchNumber(JsonNode value, string structName, string goPath, string goType) =>
            Fail($"json: cannot unmarshal number {value.ToJsonString()} into Go struct field {structName}.{goPath} of type {goType}");

        private void Fail(string message) => result.DecodeError ??= message;
    }

    private static string Join(string path, string key) => path.Length == 0 ? key : $"{path}.{key}";

    /// <summary>"io.k8s.api.apps.v1.DeploymentSpec" → "DeploymentSpec" (the struct name Go's errors use).</summary>
    private static string GoName(string definition) => definition[(definition.LastIndexOf('.') + 1)..];

    /// <summary>The Go type of a property as reflect prints it: int32, []v1.Container, map[string]string, v1.PodSpec.</summary>
    private static string GoType(JsonObject prop)
    {
        var reference = prop["$ref"].Str() ?? (prop["allOf"] as JsonArray)?.FirstOrDefault()?["$ref"].Str();
        if (reference is not null)
        {
            var name = reference[(reference.LastIndexOf('/') + 1)..];
            var parts = name.Split('.');
            return parts.Length >= 2 ? $"{parts[^2]}.{parts[^1]}" : name;
        }
        return prop["type"].Str() switch
        {
            "integer" => prop["format"].Str() ?? "int64",
            "number" => "float64",
            "boolean" => "bool",
            "string" => prop["format"].Str() == "byte" ? "[]uint8" : "string",
            "array" => "[]" + (prop["items"] is JsonObject items ? GoType(items) : "interface {}"),
            "object" => prop["additionalProperties"] is JsonObject values ? "map[string]" + GoType(values) : "map[string]interface {}",
            _ => "interface {}",
        };
    }

    private static string JsonKind(JsonNode value) => value.GetValueKind() switch
    {
        JsonValueKind.Object => "object",
        JsonValueKind.Array => "array",
        JsonValueKind.String => "string",
        JsonValueKind.Number => "number",
        JsonValueKind.True or JsonValueKind.False => "bool",
        _ => "null",
    };

    private static bool IsString(JsonNode value) => value.GetValueKind() == JsonValueKind.String;

    private static bool IsString(JsonNode value, out string text)
    {
        text = value.GetValueKind() == JsonValueKind.String ? value.GetValue<string>() : "";
        return value.GetValueKind() == JsonValueKind.String;
    }

    private static bool IsNumber(JsonNode value) => value.GetValueKind() == JsonValueKind.Number;

    private static bool IsInteger(JsonNode value) => IsNumber(value) && value.Long() is not null;

    private static bool FitsInteger(JsonNode value, string? format)
    {
        if (!long.TryParse(value.ToJsonString(), System.Globalization.NumberStyles.AllowLeadingSign, System.Globalization.CultureInfo.InvariantCulture, out var n))
            return false;
        return format != "int32" || n is >= int.MinValue and <= int.MaxValue;
    }

    private static bool IsBase64(string text, out int badByte)
    {
        badByte = 0;
        var buffer = new byte[text.Length];
        if (Convert.TryFromBase64String(text, buffer, out _) && !text.Contains(' ') && !text.Contains('\n')) return true;
        var valid = 0;
        while (valid < text.Length && (char.IsAsciiLetterOrDigit(text[valid]) || text[valid] is '+' or '/')) valid++;
        badByte = valid;
        return false;
    }

    [GeneratedRegex(@"^([+-]?[0-9.]+)([eEinumkKMGTP]*[-+]?[0-9]*)\z")]
    private static partial Regex QuantityPattern();
}
