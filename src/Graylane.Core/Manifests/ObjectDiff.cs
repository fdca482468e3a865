using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Graylane.Core.Manifests;

/// <summary>
/// A field-level diff of two objects the way people read Kubernetes YAML: lists with a merge key (containers, env,
/// volumes, ports…) are matched by that key rather than by position, resource quantities compare by value, and fields
/// the API server fills in (defaults such as imagePullPolicy or terminationMessagePath, assigned values such as
/// clusterIP) are not reported as removed when only the live object has them — the manifest never wrote them.
/// </summary>
public static class ObjectDiff
{
    // Strategic-merge keys of the lists manifests hold, by field name.
    private static readonly Dictionary<string, string[]> MergeKeys = new(StringComparer.Ordinal)
    {
        ["containers"] = ["name"], ["initContainers"] = ["name"], ["ephemeralContainers"] = ["name"],
        ["env"] = ["name"], ["volumes"] = ["name"], ["volumeMounts"] = ["mountPath"], ["volumeDevices"] = ["devicePath"],
        ["ports"] = ["containerPort", "port"], ["imagePullSecrets"] = ["name"], ["hostAliases"] = ["ip"],
        ["topologySpreadConstraints"] = ["topologyKey"], ["resourceClaims"] = ["name"], ["metrics"] = ["type"],
    };

    /// <param name="before">The live object (or part of it); null when it does not exist.</param>
    /// <param name="after">The object as the manifests want it.</param>
    /// <param name="path">The path of the compared part, to prefix every entry (e.g. "spec.template").</param>
    /// <param name="applied">The same part of the live object's last-applied configuration, when it has one. kubectl apply
    /// removes a field the manifest no longer has only when the previous apply set it; any other field only the live object
    /// has was written by the server (defaults of built-in kinds and of CRD schemas: an HTTPRoute backendRef's weight, a
    /// Gateway listener's allowedRoutes) or by someone else, and stays — so it is no change. Without it, the list of known
    /// server defaults decides.</param>
    public static IReadOnlyList<DiffEntry> Compare(JsonNode? before, JsonNode? after, string path = "", JsonNode? applied = null)
    {
        var entries = new List<DiffEntry>();
        Walk(before, after, applied is null ? Unknown : new Applied(applied), path, "", entries);
        return entries;
    }

    /// <summary>The last-applied value at the walked path: Known says whether there is a last-applied configuration at all.</summary>
    private readonly record struct Applied(JsonNode? Node, bool Known = true)
    {
        public Applied this[string key] => Known ? new Applied((Node as JsonObject)?[key]) : this;
        public Applied At(int index) => Known ? new Applied(Node is JsonArray a && index < a.Count ? a[index] : null) : this;
        public Applied Keyed(string mergeKey, string key) =>
            Known ? new Applied((Node as JsonArray)?.OfType<JsonObject>().FirstOrDefault(o => KeyOf(o, mergeKey) == key)) : this;
    }

    private static readonly Applied Unknown = new(null, Known: false);

    private static void Walk(JsonNode? before, JsonNode? after, Applied applied, string path, string key, List<DiffEntry> entries)
    {
        if (IsEmpty(before) && IsEmpty(after)) return;
        if (IsEmpty(before))
        {
            entries.Add(new DiffEntry(path, DiffKind.Added, null, after?.DeepClone()));
            return;
        }
        if (IsEmpty(after))
        {
            if (applied is { Known: true, Node: JsonObject set } && before is JsonObject gone && gone.Any(kv => !set.ContainsKey(kv.Key)))
            {
                // Not all of it was applied: judge each field (the annotation kubectl writes stays when the last apply set none).
                foreach (var (k, v) in gone) Walk(v, null, applied[k], Join(path, k), k, entries);
                return;
            }
            var removed = applied.Known ? !IsEmpty(applied.Node) : !ServerDefaults.IsDefault(key, before);
            if (removed) entries.Add(new DiffEntry(path, DiffKind.Removed, before?.DeepClone(), null));
            return;
        }
        switch (before, after)
        {
            case (JsonObject b, JsonObject a):
                foreach (var (k, v) in a) Walk(b[k], v, applied[k], Join(path, k), k, entries);
                foreach (var (k, v) in b)
                    if (!a.ContainsKey(k)) Walk(v, null, applied[k], Join(path, k), k, entries);
                return;
            case (JsonArray b, JsonArray a):
                if (ListKey(key, b, a) is { } mergeKey) WalkKeyed(b, a, applied, path, mergeKey, entries);
                else if (b.Count == a.Count) for (var i = 0; i < a.Count; i++) Walk(b[i], a[i], applied.At(i), $"{path}[{i}]", key, entries);
                else entries.Add(new DiffEntry(path, DiffKind.Changed, b.DeepClone(), a.DeepClone()));
                return;
            default:
                if (!SameScalar(before!, after!, path)) entries.Add(new DiffEntry(path, DiffKind.Changed, before!.DeepClone(), after!.DeepClone()));
                return;
        }
    }

    private static void WalkKeyed(JsonArray before, JsonArray after, Applied applied, string path, string mergeKey, List<DiffEntry> entries)
    {
        var old = before.OfType<JsonObject>().ToDictionary(o => KeyOf(o, mergeKey), StringComparer.Ordinal);
        foreach (var item in after.OfType<JsonObject>())
        {
            var k = KeyOf(item, mergeKey);
            Walk(old.GetValueOrDefault(k), item, applied.Keyed(mergeKey, k), $"{path}[{k}]", "", entries);
            old.Remove(k);
        }
        foreach (var (k, item) in old) Walk(item, null, applied.Keyed(mergeKey, k), $"{path}[{k}]", "", entries);
    }

    private static string KeyOf(JsonObject o, string mergeKey) => o[mergeKey]?.ToString() ?? "";

    /// <summary>The merge key of a list when both sides are lists of objects that all carry it.</summary>
    private static string? ListKey(string field, JsonArray before, JsonArray after)
    {
        if (!MergeKeys.TryGetValue(field, out var candidates)) return null;
        var items = before.Concat(after).ToList();
        if (!items.All(i => i is JsonObject)) return null;
        var key = candidates.FirstOrDefault(c => items.All(i => i![c] is JsonValue));
        if (key is null) return null;
        // Duplicate keys (two env entries of one name) cannot be matched by key: compare by position.
        var unique = before.Select(i => KeyOf((JsonObject)i!, key)).Distinct().Count() == before.Count
                     && after.Select(i => KeyOf((JsonObject)i!, key)).Distinct().Count() == after.Count;
        return unique ? key : null;
    }

    private static bool SameScalar(JsonNode before, JsonNode after, string path)
    {
        if (JsonNode.DeepEquals(before, after)) return true;
        if (before is not JsonValue b || after is not JsonValue a) return false;
        if (b.GetValueKind() == JsonValueKind.Number && a.GetValueKind() == JsonValueKind.Number)
            return decimal.TryParse(b.ToJsonString(), NumberStyles.Float, CultureInfo.InvariantCulture, out var x)
                   && decimal.TryParse(a.ToJsonString(), NumberStyles.Float, CultureInfo.InvariantCulture, out var y) && x == y;
        // Resource quantities: the server writes 0.5 back as 500m.
        return IsQuantityPath(path) && Quantities.Same(Text(b), Text(a));
    }

    private static bool IsQuantityPath(string path) =>
        path.Contains(".requests.", StringComparison.Ordinal) || path.Contains(".limits.", StringComparison.Ordinal)
        || path.EndsWith(".averageValue", StringComparison.Ordinal) || path.EndsWith(".sizeLimit", StringComparison.Ordinal)
        || path.Contains("resources.requests", StringComparison.Ordinal);

    private static string Text(JsonValue v) => v.GetValueKind() == JsonValueKind.String ? v.GetValue<string>() : v.ToJsonString();

    private static bool IsEmpty(JsonNode? n) => n is null || n is JsonObject { Count: 0 } || n is JsonArray { Count: 0 };

    private static string Join(string path, string key) => path.Length == 0 ? key : $"{path}.{key}";
}
