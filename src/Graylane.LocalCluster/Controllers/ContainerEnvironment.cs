using System.Text;
using System.Text.Json.Nodes;
using Graylane.LocalCluster.Storage;

namespace Graylane.LocalCluster.Controllers;

/// <summary>
/// What a container's environment holds, resolved the way the kubelet does it when the container starts: envFrom first
/// (ConfigMap and Secret keys, with their prefix), then env (literal values and valueFrom references), later entries
/// winning. Resolved once per pod, so a ConfigMap changed later does not change running pods — as in a real cluster.
/// Secret values are never kept: they read as &lt;secret&gt;.
/// </summary>
internal static class ContainerEnvironment
{
    public const string SecretValue = "<secret>";

    /// <summary>Variable name → value, per container name.</summary>
    public static Dictionary<string, Dictionary<string, string>> Resolve(JsonObject pod, ObjectStore store)
    {
        var ns = Json.Namespace(pod);
        var result = new Dictionary<string, Dictionary<string, string>>(StringComparer.Ordinal);
        foreach (var list in new[] { "initContainers", "containers" })
            foreach (var c in (pod["spec"]?[list] as JsonArray)?.OfType<JsonObject>() ?? [])
                result[(string?)c["name"] ?? ""] = ForContainer(c, ns, store);
        return result;
    }

    private static Dictionary<string, string> ForContainer(JsonObject container, string ns, ObjectStore store)
    {
        var env = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var from in (container["envFrom"] as JsonArray)?.OfType<JsonObject>() ?? [])
        {
            var prefix = (string?)from["prefix"] ?? "";
            if (from["configMapRef"] is JsonObject cmRef && Get(store, BuiltInTypes.ConfigMaps, ns, cmRef) is { } cm)
                foreach (var (k, v) in cm["data"] as JsonObject ?? []) env[prefix + k] = v?.ToString() ?? "";
            if (from["secretRef"] is JsonObject sRef && Get(store, BuiltInTypes.Secrets, ns, sRef) is { } secret)
                foreach (var k in SecretKeys(secret)) env[prefix + k] = SecretValue;
        }
        foreach (var e in (container["env"] as JsonArray)?.OfType<JsonObject>() ?? [])
        {
            var name = (string?)e["name"];
            if (name is null) continue;
            if (e["valueFrom"] is not JsonObject from)
            {
                env[name] = (string?)e["value"] ?? "";
                continue;
            }
            if (from["configMapKeyRef"] is JsonObject cmKey)
            {
                if (Get(store, BuiltInTypes.ConfigMaps, ns, cmKey)?["data"]?[(string?)cmKey["key"] ?? ""] is { } value) env[name] = value.ToString();
            }
            else if (from["secretKeyRef"] is JsonObject sKey)
            {
                if (Get(store, BuiltInTypes.Secrets, ns, sKey) is { } secret && SecretKeys(secret).Contains((string?)sKey["key"] ?? "")) env[name] = SecretValue;
            }
            else if (from["fieldRef"]?["fieldPath"] is { } field)
            {
                env[name] = $"<{field}>";
            }
            else if (from["resourceFieldRef"]?["resource"] is { } resource)
            {
                env[name] = $"<{resource}>";
            }
        }
        return env;
    }

    /// <summary>
    /// The first ConfigMap or Secret (or key) a container's env needs that does not exist, as "ConfigMap web-config";
    /// null when all are there. The kubelet does not start such a container (CreateContainerConfigError) and retries;
    /// references marked optional: true are not needed.
    /// </summary>
    public static string? Missing(JsonObject pod, ObjectStore store)
    {
        var ns = Json.Namespace(pod);
        foreach (var list in new[] { "initContainers", "containers" })
            foreach (var c in (pod["spec"]?[list] as JsonArray)?.OfType<JsonObject>() ?? [])
            {
                foreach (var from in (c["envFrom"] as JsonArray)?.OfType<JsonObject>() ?? [])
                {
                    if (from["configMapRef"] is JsonObject cm && !Optional(cm) && Get(store, BuiltInTypes.ConfigMaps, ns, cm) is null) return $"ConfigMap {cm["name"]}";
                    if (from["secretRef"] is JsonObject sr && !Optional(sr) && Get(store, BuiltInTypes.Secrets, ns, sr) is null) return $"Secret {sr["name"]}";
                }
                foreach (var e in (c["env"] as JsonArray)?.OfType<JsonObject>() ?? [])
                {
                    if (e["valueFrom"]?["configMapKeyRef"] is JsonObject cmKey && !Optional(cmKey)
                        && Get(store, BuiltInTypes.ConfigMaps, ns, cmKey)?["data"]?[(string?)cmKey["key"] ?? ""] is null)
                        return $"ConfigMap {cmKey["name"]} key {cmKey["key"]}";
                    if (e["valueFrom"]?["secretKeyRef"] is JsonObject sKey && !Optional(sKey)
                        && !(Get(store, BuiltInTypes.Secrets, ns, sKey) is { } secret && SecretKeys(secret).Contains((string?)sKey["key"] ?? "")))
                        return $"Secret {sKey["name"]} key {sKey["key"]}";
                }
            }
        return null;
    }

    private static bool Optional(JsonObject reference) => reference["optional"] is JsonValue v && v.TryGetValue<bool>(out var b) && b;

    // stringData too, should a store keep it unfolded.
    private static IEnumerable<string> SecretKeys(JsonObject secret) =>
        (secret["data"] as JsonObject ?? []).Select(kv => kv.Key).Concat((secret["stringData"] as JsonObject ?? []).Select(kv => kv.Key));

    private static JsonObject? Get(ObjectStore store, ResourceType type, string ns, JsonObject reference) =>
        (string?)reference["name"] is { Length: > 0 } name ? store.Get(type, ns, name) : null;

    /// <summary>"GREETING=hello-v2" from the first container that sets the variable; "GREETING=(unset)" when none does.</summary>
    public static string Show(IReadOnlyDictionary<string, Dictionary<string, string>>? environment, string name)
    {
        var value = environment?.Values.Select(e => e.GetValueOrDefault(name)).FirstOrDefault(v => v is not null);
        var sb = new StringBuilder(name).Append('=');
        return (value is null ? sb.Append("(unset)") : sb.Append(value)).ToString();
    }
}
