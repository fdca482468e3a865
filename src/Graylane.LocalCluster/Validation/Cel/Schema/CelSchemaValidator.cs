using System.Runtime.CompilerServices;
using System.Text.Json.Nodes;
using Graylane.LocalCluster.Validation.Cel.Runtime;

namespace Graylane.LocalCluster.Validation.Cel.Schema;

/// <summary>
/// Runs a custom object's x-kubernetes-validations rules the way the apiextensions server does: at every schema
/// node the object reaches, with <c>self</c> bound to the value there; transition rules (using <c>oldSelf</c>) only on
/// update and only where the old object has a value correlated by path (object fields, map keys, map-list keys),
/// unless <c>optionalOldSelf</c>; on update, failures of a value that did not change are warnings (ratcheting).
/// Failures are field errors with the rule's message (or messageExpression) and reason at the rule's path.
/// Cost and complexity limits are not enforced.
/// </summary>
internal sealed class CelSchemaValidator
{
    private readonly CelRuleSet _rules;
    private readonly List<FieldError> _errors;
    private readonly List<string> _warnings;

    private CelSchemaValidator(CelRuleSet rules, List<FieldError> errors, List<string> warnings)
    {
        _rules = rules;
        _errors = errors;
        _warnings = warnings;
    }

    /// <summary>Validates obj (and, on update, its transition from old). Errors and warnings are appended.</summary>
    public static void Validate(JsonObject obj, JsonObject? old, JsonObject schema, List<FieldError> errors, List<string> warnings)
    {
        var rules = CelRuleSet.For(schema);
        if (rules.IsEmpty) return;
        new CelSchemaValidator(rules, errors, warnings).Node(obj, old, old is not null, schema, "");
    }

    private static readonly ConditionalWeakTable<JsonObject, JsonObject> RootSchemas = new();

    /// <summary>
    /// What root rules see: the schema plus apiVersion, kind and metadata.name/generateName (the server's
    /// WithTypeAndObjectMeta); the rest of metadata is not visible to rules.
    /// </summary>
    private static JsonObject RootView(JsonObject schema) => RootSchemas.GetValue(schema, s =>
    {
        var view = (JsonObject)s.DeepClone();
        var props = view["properties"] as JsonObject ?? (JsonObject)(view["properties"] = new JsonObject());
        props["apiVersion"] = new JsonObject { ["type"] = "string" };
        props["kind"] = new JsonObject { ["type"] = "string" };
        props["metadata"] = JsonNode.Parse("""{"type":"object","properties":{"name":{"type":"string"},"generateName":{"type":"string"}}}""");
        return view;
    });

    private void Node(JsonNode? value, JsonNode? old, bool correlated, JsonObject schema, string path)
    {
        if (value is null) return;
        foreach (var rule in _rules.At(schema)) Evaluate(rule, value, correlated ? old : null, schema, path);
        switch (value)
        {
            case JsonObject o:
                var props = schema["properties"] as JsonObject;
                var additional = schema["additionalProperties"] as JsonObject;
                foreach (var (key, child) in o)
                {
                    if (path.Length == 0 && key == "metadata") continue; // validated by MetadataValidator; rules cannot sit below it
                    var childSchema = props?[key] as JsonObject ?? additional;
                    if (childSchema is null) continue;
                    var childPath = props?[key] is not null ? Child(path, key) : $"{path}[{key}]";
                    JsonNode? oldChild = null;
                    var childCorrelated = correlated && old is JsonObject oo && oo.TryGetPropertyValue(key, out oldChild);
                    Node(child, oldChild, childCorrelated, childSchema, childPath);
                }
                break;
            case JsonArray a when schema["items"] is JsonObject items:
                var oldArray = correlated ? old as JsonArray : null;
                var mapKeys = (string?)schema["x-kubernetes-list-type"] == "map" && schema["x-kubernetes-list-map-keys"] is JsonArray k
                    ? k.Select(x => (string?)x ?? "").ToList() : null;
                for (var i = 0; i < a.Count; i++)
                {
                    var oldItem = mapKeys is not null && oldArray is not null ? FindByKeys(oldArray, a[i], mapKeys) : null;
                    Node(a[i], oldItem, oldItem is not null, items, $"{path}[{i}]");
                }
                break;
        }
    }

    private static string Child(string path, string key) => path.Length == 0 ? key : $"{path}.{key}";

    /// <summary>The element of a listType=map list with the same key fields: what the server correlates transition rules by.</summary>
    private static JsonNode? FindByKeys(JsonArray old, JsonNode? item, List<string> keys) =>
        old.FirstOrDefault(o => keys.All(k => JsonNode.DeepEquals(o?[k], item?[k])));

    private void Evaluate(CelRule rule, JsonNode value, JsonNode? old, JsonObject schema, string path)
    {
        var fieldPath = path.Length == 0 ? "<nil>" : path;
        var type = (string?)schema["type"] ?? "";
        if (rule.Unsupported is not null)
        {
            _warnings.Add($"{fieldPath}: x-kubernetes-validations rule not evaluated by the local cluster ({rule.Unsupported}): {rule.Rule.Trim()}");
            return;
        }
        if (rule.CompileError is not null || rule.Program is null)
        {
            _errors.Add(FieldError.Invalid(fieldPath, JsonValue.Create(type), $"rule compile error: {rule.CompileError}"));
            return;
        }
        if (rule.UsesOldSelf && old is null && !rule.OptionalOldSelf) return;

        var celSchema = path.Length == 0 ? RootView(schema) : schema;
        var self = CelJsonValues.From(value, celSchema);
        object? oldSelf = old is null ? null : CelJsonValues.From(old, celSchema);
        if (rule.OptionalOldSelf) oldSelf = old is null ? CelOptional.None : CelOptional.Of(oldSelf);
        var variables = new Dictionary<string, object?> { ["self"] = self, ["oldSelf"] = oldSelf };

        object? result;
        try { result = rule.Program.Eval(variables); }
        catch (CelError e)
        {
            var detail = e.Message.StartsWith("no such overload", StringComparison.Ordinal)
                ? $"'{e.Message}': call arguments did not match a supported operator, function or macro signature for rule: {rule.ErrorString}"
                : $"{e.Message} evaluating rule: {rule.ErrorString}";
            _errors.Add(FieldError.Invalid(fieldPath, JsonValue.Create(type), detail));
            return;
        }
        if (result is true) return;

        var errorPath = rule.FieldPath is { Length: > 0 } fp ? JoinFieldPath(path, fp) : fieldPath;
        var error = Failure(rule, errorPath, type, variables);
        // Ratcheting: a value that did not change keeps passing, with a warning, unless the rule compares with oldSelf.
        if (!rule.UsesOldSelf && old is not null && JsonNode.DeepEquals(value, old)) _warnings.Add(error.ToString());
        else _errors.Add(error);
    }

    private static FieldError Failure(CelRule rule, string path, string type, Dictionary<string, object?> variables)
    {
        var detail = string.IsNullOrWhiteSpace(rule.Message) ? $"failed rule: {rule.Rule.Trim()}" : rule.Message.Trim();
        if (rule.MessageProgram is { } mp)
        {
            try
            {
                if (mp.Eval(variables) is string m && !string.IsNullOrWhiteSpace(m) && !m.Contains('\n')) detail = m.Trim();
            }
            catch (CelError) { } // the server logs it and falls back to message
        }
        var value = JsonValue.Create(type);
        return rule.Reason switch
        {
            "FieldValueForbidden" => FieldError.Forbidden(path, detail),
            "FieldValueRequired" => FieldError.Required(path, detail),
            "FieldValueDuplicate" => FieldError.Duplicate(path, value),
            _ => FieldError.Invalid(path, value, detail),
        };
    }

    /// <summary>A rule's fieldPath (".spec.x" or "['a.b']") below the node it sits on, rendered as a field path.</summary>
    private static string JoinFieldPath(string path, string fieldPath)
    {
        var rendered = fieldPath.Replace("['", "[").Replace("']", "]").TrimStart('.');
        if (rendered.StartsWith('[')) return (path.Length == 0 ? "" : path) + rendered;
        return Child(path, rendered);
    }
}
