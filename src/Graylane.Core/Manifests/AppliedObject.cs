using System.Text.Json.Nodes;
using Graylane.Core.Json;

namespace Graylane.Core.Manifests;

/// <summary>
/// The object to write when a manifest is applied over a live object, with kubectl apply's three-way rule: fields the
/// manifest sets take its values; fields only the live object has stay (server-assigned clusterIP and nodePorts, replicas
/// an HPA manages, labels someone else added) unless the previous apply set them and the manifest no longer does.
/// Lists with a merge key (ports, env…) are merged element by element; other lists are the manifest's. A Deployment's pod
/// template is the manifest's exactly: the stable must run what the manifests say.
/// </summary>
public static class AppliedObject
{
    private static readonly Dictionary<string, string[]> MergeKeys = new(StringComparer.Ordinal)
    {
        ["containers"] = ["name"], ["initContainers"] = ["name"], ["env"] = ["name"], ["volumes"] = ["name"],
        ["volumeMounts"] = ["mountPath"], ["ports"] = ["containerPort", "port"], ["imagePullSecrets"] = ["name"],
    };

    /// <param name="live">The object as the server has it.</param>
    /// <param name="wanted">The manifest with its namespace and last-applied annotation (see <see cref="LastApplied.Annotated"/>).</param>
    public static JsonObject Merge(JsonObject live, JsonObject wanted)
    {
        var previous = LastAppliedOf(live);
        var merged = (JsonObject)MergeNode(live, wanted, previous, "")!;
        if ((string?)wanted["kind"] == "Deployment" && wanted["spec"]?["template"] is JsonObject template)
            Obj.Child(merged, "spec")["template"] = template.DeepClone();
        // What the server owns stays the server's.
        if (live["status"] is { } status) merged["status"] = status.DeepClone();
        foreach (var field in new[] { "uid", "resourceVersion", "generation", "creationTimestamp", "managedFields", "ownerReferences" })
            if (live["metadata"]?[field] is { } value) Obj.Metadata(merged)[field] = value.DeepClone();
        return merged;
    }

    /// <summary>The configuration the live object was last applied with (its kubectl last-applied annotation), if any.</summary>
    public static JsonObject? LastAppliedOf(JsonObject live) =>
        Obj.Annotation(live, LastApplied.Annotation) is { } text ? TryParse(text) : null;

    private static JsonObject? TryParse(string text)
    {
        try { return JsonNode.Parse(text) as JsonObject; }
        catch (System.Text.Json.JsonException) { return null; }
    }

    private static JsonNode? MergeNode(JsonNode? live, JsonNode? wanted, JsonNode? previous, string key)
    {
        switch (live, wanted)
        {
            case (JsonObject l, JsonObject w):
                var result = new JsonObject();
                foreach (var (k, v) in w) result[k] = MergeNode(l[k], v, (previous as JsonObject)?[k], k);
                foreach (var (k, v) in l)
                {
                    if (w.ContainsKey(k)) continue;
                    if (previous is JsonObject p && p.ContainsKey(k)) continue; // the previous apply set it; the manifest removed it
                    result[k] = v?.DeepClone();
                }
                return result;
            case (JsonArray l, JsonArray w) when MergeKey(key, l, w) is { } mergeKey:
                var byKey = l.OfType<JsonObject>().GroupBy(o => o[mergeKey]?.ToString() ?? "").ToDictionary(g => g.Key, g => g.First());
                var previousByKey = (previous as JsonArray)?.OfType<JsonObject>().GroupBy(o => o[mergeKey]?.ToString() ?? "").ToDictionary(g => g.Key, g => g.First());
                return new JsonArray(w.Select(item =>
                {
                    var k = item![mergeKey]?.ToString() ?? "";
                    return MergeNode(byKey.GetValueOrDefault(k), item, previousByKey?.GetValueOrDefault(k), "");
                }).ToArray());
            default:
                return wanted?.DeepClone();
        }
    }

    private static string? MergeKey(string field, JsonArray live, JsonArray wanted)
    {
        if (!MergeKeys.TryGetValue(field, out var candidates)) return null;
        var items = live.Concat(wanted).ToList();
        return items.All(i => i is JsonObject) ? candidates.FirstOrDefault(c => items.All(i => i![c] is JsonValue)) : null;
    }

    /// <summary>
    /// True when writing would change nothing the user or the manifests care about: server defaults aside — of a custom
    /// resource's schema too, found as kubectl finds them (fields the last apply did not set) — except in a Deployment's pod
    /// template, which must be the manifest's exactly.
    /// </summary>
    public static bool Unchanged(JsonObject live, JsonObject merged) =>
        ObjectDiff.Compare(ServerFields.Strip(live), ServerFields.Strip(merged),
            applied: (string?)merged["kind"] == "Deployment" ? null : LastAppliedOf(live)).Count == 0
        && Obj.Annotation(live, LastApplied.Annotation) == Obj.Annotation(merged, LastApplied.Annotation);

    /// <summary>The object with spec.replicas set (a copy), or the object itself when no count is given.</summary>
    public static JsonObject WithReplicas(JsonObject o, int? replicas)
    {
        if (replicas is not { } n) return o;
        var copy = (JsonObject)o.DeepClone();
        Obj.Child(copy, "spec")["replicas"] = n;
        return copy;
    }

    /// <summary>A Deployment's selector cannot change (the API refuses it): the stable is then recreated.</summary>
    public static bool SelectorChanges(JsonObject live, JsonObject wanted) =>
        (string?)wanted["kind"] == "Deployment" && !JsonNode.DeepEquals(live["spec"]?["selector"], wanted["spec"]?["selector"]);
}
