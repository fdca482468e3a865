using System.Collections.Concurrent;
using System.Globalization;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;

namespace Graylane.LocalCluster.Validation;

/// <summary>
/// Validates a custom object against its CRD's OpenAPI v3 schema the way the apiextensions server does
/// (type, properties, required, enum, pattern, format, bounds, lengths, items, additionalProperties,
/// nullable, oneOf/anyOf/allOf/not, int-or-string, preserve-unknown-fields, list-type set/map).
/// CEL rules (x-kubernetes-validations) are NOT evaluated: the simulator has no CEL engine.
/// metadata is validated separately (MetadataValidator), so it is skipped here.
/// </summary>
internal static class SchemaValidator
{
    private static readonly ConcurrentDictionary<string, Regex> Patterns = new();

    public static List<FieldError> Validate(JsonObject obj, JsonObject schema)
    {
        var errors = new List<FieldError>();
        var props = schema["properties"] as JsonObject;
        foreach (var (key, value) in obj)
        {
            if (key is "apiVersion" or "kind" or "metadata") continue;
            if (props?[key] is JsonObject propSchema) Check(value, propSchema, key, errors);
        }
        foreach (var req in Required(schema))
            if (!obj.ContainsKey(req)) errors.Add(FieldError.Required(req));
        return errors;
    }

    private static IEnumerable<string> Required(JsonObject schema) =>
        (schema["required"] as JsonArray ?? []).Select(r => r.Str() ?? "");

    private static void Check(JsonNode? value, JsonObject schema, string path, List<FieldError> errors)
    {
        if (value is null)
        {
            if ((bool?)schema["nullable"] == true || schema["type"] is null && IsPreserve(schema)) return;
            var t = schema["type"].Str();
            if (t is not null) errors.Add(TypeError(path, t, value));
            return;
        }
        if (!CheckType(value, schema, path, errors)) return;
        CheckEnum(value, schema, path, errors);
        CheckScalarBounds(value, schema, path, errors);
        switch (value)
        {
            case JsonObject o: CheckObject(o, schema, path, errors); break;
            case JsonArray a: CheckArray(a, schema, path, errors); break;
        }
        CheckCombinators(value, schema, path, errors);
    }

    private static bool IsPreserve(JsonObject schema) => (bool?)schema["x-kubernetes-preserve-unknown-fields"] == true;

    private static bool CheckType(JsonNode value, JsonObject schema, string path, List<FieldError> errors)
    {
        var actual = value.TypeName();
        if ((bool?)schema["x-kubernetes-int-or-string"] == true)
        {
            if (actual is "integer" or "string") return true;
            errors.Add(TypeError(path, "integer,string", value));
            return false;
        }
        var expected = schema["type"].Str();
        if (expected is null) return true;
        var ok = expected == actual || expected == "number" && actual == "integer";
        if (!ok) errors.Add(TypeError(path, expected, value));
        return ok;
    }

    private static FieldError TypeError(string path, string expected, JsonNode? value)
    {
        var actual = value.TypeName();
        return FieldError.TypeInvalid(path, actual, $"{path} in body must be of type {expected}: \"{actual}\"");
    }

    private static void CheckEnum(JsonNode value, JsonObject schema, string path, List<FieldError> errors)
    {
        if (schema["enum"] is not JsonArray allowed) return;
        if (allowed.Any(a => JsonNode.DeepEquals(a, value))) return;
        errors.Add(FieldError.NotSupported(path, value.DeepClone(), allowed.Select(FieldError.Render)));
    }

    private static void CheckScalarBounds(JsonNode value, JsonObject schema, string path, List<FieldError> errors)
    {
        if (value is not JsonValue v) return;
        if (v.TryGetValue<string>(out var s))
        {
            if (schema["pattern"].Str() is { } pattern && !Pattern(pattern).IsMatch(s))
                errors.Add(FieldError.Invalid(path, s, $"{path} in body should match '{pattern}'"));
            if (schema["minLength"].Long() is { } minLen && s.Length < minLen)
                errors.Add(FieldError.Invalid(path, s, $"{path} in body should be at least {minLen} chars long"));
            if (schema["maxLength"].Long() is { } maxLen && s.Length > maxLen)
                errors.Add(FieldError.TooLong(path, (int)maxLen));
            return;
        }
        if (!v.TryGetValue<double>(out var number) && !TryNumber(v, out number)) return;
        var format = schema["format"].Str();
        if (format == "int32" && (number < int.MinValue || number > int.MaxValue))
            errors.Add(FieldError.Invalid(path, value.DeepClone(), $"{path} in body must be of type int32: \"{Num(number)}\""));
        if (schema["minimum"] is { } minNode && TryNumber(minNode, out var min))
        {
            var exclusive = (bool?)schema["exclusiveMinimum"] == true;
            if (exclusive ? number <= min : number < min)
                errors.Add(FieldError.Invalid(path, value.DeepClone(),
                    $"{path} in body should be greater than {(exclusive ? "" : "or equal to ")}{Num(min)}"));
        }
        if (schema["maximum"] is { } maxNode && TryNumber(maxNode, out var max))
        {
            var exclusive = (bool?)schema["exclusiveMaximum"] == true;
            if (exclusive ? number >= max : number > max)
                errors.Add(FieldError.Invalid(path, value.DeepClone(),
                    $"{path} in body should be less than {(exclusive ? "" : "or equal to ")}{Num(max)}"));
        }
    }

    private static void CheckObject(JsonObject o, JsonObject schema, string path, List<FieldError> errors)
    {
        var props = schema["properties"] as JsonObject;
        foreach (var (key, child) in o)
        {
            var childPath = $"{path}.{key}";
            if (props?[key] is JsonObject propSchema) Check(child, propSchema, childPath, errors);
            else if (schema["additionalProperties"] is JsonObject additional) Check(child, additional, childPath, errors);
        }
        foreach (var req in Required(schema))
            if (!o.ContainsKey(req)) errors.Add(FieldError.Required($"{path}.{req}"));
        if (schema["minProperties"].Long() is { } minP && o.Count < minP)
            errors.Add(FieldError.Invalid(path, o.Count, $"{path} in body should have at least {minP} properties"));
        if (schema["maxProperties"].Long() is { } maxP && o.Count > maxP)
            errors.Add(FieldError.TooMany(path, o.Count, (int)maxP));
    }

    private static void CheckArray(JsonArray a, JsonObject schema, string path, List<FieldError> errors)
    {
        if (schema["items"] is JsonObject items)
            for (var i = 0; i < a.Count; i++) Check(a[i], items, $"{path}[{i}]", errors);
        if (schema["minItems"].Long() is { } minI && a.Count < minI)
            errors.Add(FieldError.Invalid(path, a.Count, $"{path} in body should have at least {minI} items"));
        if (schema["maxItems"].Long() is { } maxI && a.Count > maxI)
            errors.Add(FieldError.TooMany(path, a.Count, (int)maxI));
        var listType = schema["x-kubernetes-list-type"].Str();
        if (listType == "set" || (bool?)schema["uniqueItems"] == true)
        {
            for (var i = 0; i < a.Count; i++)
                for (var j = 0; j < i; j++)
                    if (JsonNode.DeepEquals(a[i], a[j])) { errors.Add(FieldError.Duplicate($"{path}[{i}]", a[i]?.DeepClone())); break; }
        }
        else if (listType == "map" && schema["x-kubernetes-list-map-keys"] is JsonArray keys)
        {
            var seen = new HashSet<string>(StringComparer.Ordinal);
            for (var i = 0; i < a.Count; i++)
            {
                var keyObj = new JsonObject();
                foreach (var k in keys.Select(k => k.Str() ?? ""))
                    if (a[i]?[k] is { } kv) keyObj[k] = kv.DeepClone();
                if (!seen.Add(keyObj.ToJsonString())) errors.Add(FieldError.Duplicate($"{path}[{i}]", keyObj));
            }
        }
    }

    private static void CheckCombinators(JsonNode value, JsonObject schema, string path, List<FieldError> errors)
    {
        if (schema["allOf"] is JsonArray allOf)
            foreach (var sub in allOf.OfType<JsonObject>()) Check(value, sub, path, errors);
        if (schema["anyOf"] is JsonArray anyOf && anyOf.Count > 0 && !anyOf.OfType<JsonObject>().Any(s => Passes(value, s, path)))
            errors.Add(FieldError.Invalid(path, Summary(value), $"{path} in body must validate at least one schema (anyOf)"));
        if (schema["oneOf"] is JsonArray oneOf && oneOf.Count > 0 && oneOf.OfType<JsonObject>().Count(s => Passes(value, s, path)) != 1)
            errors.Add(FieldError.Invalid(path, Summary(value), $"{path} in body must validate one and only one schema (oneOf)"));
        if (schema["not"] is JsonObject not && Passes(value, not, path))
            errors.Add(FieldError.Invalid(path, Summary(value), $"{path} in body should not validate the schema (not)"));
    }

    private static bool Passes(JsonNode value, JsonObject schema, string path)
    {
        var sub = new List<FieldError>();
        Check(value, schema, path, sub);
        return sub.Count == 0;
    }

    /// <summary>The real server shows objects in combinator errors as their Go type; keep the message short.</summary>
    private static JsonNode? Summary(JsonNode value) => value is JsonValue ? value.DeepClone() : JsonValue.Create(value.TypeName());

    private static bool TryNumber(JsonNode node, out double number)
    {
        number = 0;
        return node is JsonValue v && (v.TryGetValue(out number) || TryParse(v, out number));
    }

    private static bool TryParse(JsonValue v, out double number)
    {
        number = 0;
        return v.GetValueKind() == System.Text.Json.JsonValueKind.Number &&
               double.TryParse(v.ToJsonString(), NumberStyles.Float, CultureInfo.InvariantCulture, out number);
    }

    private static string Num(double d) => d.ToString(CultureInfo.InvariantCulture);

    /// <summary>
    /// The API server matches <c>pattern</c> with Go's regexp (RE2): "$" is end of text, so "abc\n" does not match
    /// "^[a-z]+$" there although it does in .NET. Patterns go through the CEL library's RE2 translation.
    /// </summary>
    private static Regex Pattern(string pattern) =>
        Patterns.GetOrAdd(pattern, p =>
        {
            try { return Cel.Runtime.Re2Regex.Get(p); }
            catch (Cel.Runtime.CelError) { return new Regex(p, RegexOptions.CultureInvariant, TimeSpan.FromSeconds(1)); }
        });
}
