using System.Text.Json.Nodes;
using System.Text.RegularExpressions;

namespace Graylane.LocalCluster.Validation;

/// <summary>
/// ConfigMap and Secret rules: valid keys, no key in both data and binaryData, the keys a Secret's type requires, a
/// Secret's type never changes, and `immutable: true` keeps data (stringData is already folded into data here).
/// </summary>
internal static partial class ConfigDataValidation
{
    private const string ImmutableWhenSet = "field is immutable when `immutable` is set";

    public static void Validate(JsonObject obj, JsonObject? old, bool secret, List<FieldError> errors)
    {
        var dataFields = secret ? new[] { "data" } : ["data", "binaryData"];
        foreach (var field in dataFields)
            foreach (var (key, _) in obj[field] as JsonObject ?? [])
                foreach (var m in ConfigKey(key)) errors.Add(FieldError.Invalid($"{field}[{key}]", key, m));
        if (!secret && obj["data"] is JsonObject data && obj["binaryData"] is JsonObject binary)
            foreach (var (key, _) in data)
                if (binary.ContainsKey(key)) errors.Add(FieldError.Invalid($"data[{key}]", key, "duplicate of key present in binaryData"));
        if (secret) SecretType(obj, errors);

        if (old is null) return;
        if (secret && !JsonNode.DeepEquals(obj["type"], old["type"]))
            errors.Add(FieldError.Invalid("type", obj["type"]?.DeepClone(), "field is immutable"));
        if (!IsTrue(old["immutable"])) return;
        if (!IsTrue(obj["immutable"])) errors.Add(FieldError.Forbidden("immutable", ImmutableWhenSet));
        foreach (var field in secret ? new[] { "data" } : ["data", "binaryData"])
            if (!JsonNode.DeepEquals(obj[field] ?? new JsonObject(), old[field] ?? new JsonObject()))
                errors.Add(FieldError.Forbidden(field, ImmutableWhenSet));
    }

    /// <summary>The keys each well-known Secret type must carry (ValidateSecret).</summary>
    private static void SecretType(JsonObject secret, List<FieldError> errors)
    {
        var data = secret["data"] as JsonObject ?? [];
        void Require(string key)
        {
            if (!data.ContainsKey(key)) errors.Add(FieldError.Required($"data[{key}]"));
        }
        switch (secret["type"].Str())
        {
            case "kubernetes.io/service-account-token":
                if (string.IsNullOrEmpty(secret["metadata"]?["annotations"]?["kubernetes.io/service-account.name"].Str()))
                    errors.Add(FieldError.Required("metadata.annotations[kubernetes.io/service-account.name]"));
                break;
            case "kubernetes.io/dockercfg":
                Require(".dockercfg");
                break;
            case "kubernetes.io/dockerconfigjson":
                Require(".dockerconfigjson");
                break;
            case "kubernetes.io/basic-auth":
                if (!data.ContainsKey("username") && !data.ContainsKey("password"))
                {
                    Require("username");
                    Require("password");
                }
                break;
            case "kubernetes.io/ssh-auth":
                if (string.IsNullOrEmpty(data["ssh-privatekey"].Str())) errors.Add(FieldError.Required("data[ssh-privatekey]"));
                break;
            case "kubernetes.io/tls":
                Require("tls.crt");
                Require("tls.key");
                break;
        }
    }

    private static bool IsTrue(JsonNode? node) => node is JsonValue v && v.TryGetValue<bool>(out var b) && b;

    /// <summary>apimachinery's IsConfigMapKey.</summary>
    private static IEnumerable<string> ConfigKey(string key)
    {
        if (key.Length > 253) yield return "must be no more than 253 characters";
        if (!ConfigKeyPattern().IsMatch(key))
            yield return "a valid config key must consist of alphanumeric characters, '-', '_' or '.' (e.g. 'key.name',  or 'KEY_NAME',  or 'key-name', regex used for validation is '[-._a-zA-Z0-9]+')";
        if (key is "." or "..") yield return $"must not be '{key}'";
        else if (key.StartsWith("..", StringComparison.Ordinal)) yield return "must not start with '..'";
    }

    [GeneratedRegex(@"^[-._a-zA-Z0-9]+\z")] private static partial Regex ConfigKeyPattern();
}
