using System.Text.Json.Nodes;
using Graylane.LocalCluster.Schemas;

namespace Graylane.LocalCluster.Patching;

/// <summary>
/// Strategic merge patch for built-in kinds. List strategies and merge keys come from the swagger
/// extensions x-kubernetes-patch-strategy / x-kubernetes-patch-merge-key, so containers merge by name,
/// ports by containerPort and so on. Directives: $patch (replace/delete/merge), $retainKeys,
/// $deleteFromPrimitiveList/…; $setElementOrder/… is accepted and ignored (merged items keep the
/// original order, new ones are appended).
/// </summary>
internal static class StrategicMergePatch
{
    public static JsonObject Apply(JsonObject original, JsonObject patch, JsonObject? rootSchema) =>
        MergeMap(original, patch, rootSchema) ?? new JsonObject();

    private static JsonObject? MergeMap(JsonObject? original, JsonObject patch, JsonObject? schema)
    {
        switch (patch["$patch"].Str())
        {
            case "delete": return null;
            case "replace": return MergeMap(null, Without(patch, "$patch"), schema);
            case null or "merge": break;
            default: throw new PatchException(400, $"Unknown patch type: {patch["$patch"].Str()} in map: {patch.ToJsonString()}");
        }
        var result = original is null ? new JsonObject() : (JsonObject)original.DeepClone();
        foreach (var (key, value) in patch)
        {
            if (key is "$patch" or "$retainKeys" || key.StartsWith("$setElementOrder/", StringComparison.Ordinal)) continue;
            if (key.StartsWith("$deleteFromPrimitiveList/", StringComparison.Ordinal))
            {
                var field = key["$deleteFromPrimitiveList/".Length..];
                if (result[field] is JsonArray list && value is JsonArray remove)
                    result[field] = new JsonArray(list.Where(x => !remove.Any(r => JsonNode.DeepEquals(r, x))).Select(x => x?.DeepClone()).ToArray());
                continue;
            }
            if (value is null)
            {
                result.Remove(key);
                continue;
            }
            var (fieldSchema, strategy, mergeKey) = Field(schema, key);
            switch (value)
            {
                case JsonObject patchChild:
                    var merged = MergeMap(result[key] as JsonObject, patchChild, fieldSchema);
                    if (merged is null) result.Remove(key);
                    else result[key] = merged;
                    break;
                case JsonArray patchList when strategy.Contains("merge"):
                    result[key] = MergeList(result[key] as JsonArray, patchList, fieldSchema, mergeKey);
                    break;
                case JsonArray patchList:
                    result[key] = Replacement(patchList, fieldSchema);
                    break;
                default:
                    result[key] = value.DeepClone();
                    break;
            }
        }
        if (patch["$retainKeys"] is JsonArray retain)
        {
            var keep = retain.Select(k => k.Str()).ToHashSet();
            foreach (var k in result.Select(kv => kv.Key).ToList())
                if (!keep.Contains(k)) result.Remove(k);
        }
        return result;
    }

    private static JsonArray MergeList(JsonArray? original, JsonArray patch, JsonObject? itemSchema, string? mergeKey)
    {
        if (patch.Any(p => p is JsonObject o && o["$patch"].Str() == "replace"))
            return Replacement(new JsonArray(patch.Where(p => !(p is JsonObject o && o["$patch"].Str() == "replace")).Select(p => p?.DeepClone()).ToArray()), itemSchema);
        var result = original is null ? new JsonArray() : (JsonArray)original.DeepClone();
        foreach (var item in patch)
        {
            if (mergeKey is null || item is not JsonObject patchItem)
            {
                // A primitive list with strategy merge is a set union.
                if (!result.Any(r => JsonNode.DeepEquals(r, item))) result.Add(item?.DeepClone());
                continue;
            }
            var keyValue = patchItem[mergeKey];
            var index = -1;
            for (var i = 0; i < result.Count; i++)
                if (result[i] is JsonObject existing && JsonNode.DeepEquals(existing[mergeKey], keyValue)) { index = i; break; }
            if (patchItem["$patch"].Str() == "delete")
            {
                if (index >= 0) result.RemoveAt(index);
                continue;
            }
            var merged = MergeMap(index >= 0 ? (JsonObject)result[index]! : null, patchItem, itemSchema);
            if (merged is null) continue;
            if (index >= 0) result[index] = merged;
            else result.Add(merged);
        }
        return result;
    }

    /// <summary>A list set wholesale, with any directives inside its items applied to nothing.</summary>
    private static JsonArray Replacement(JsonArray list, JsonObject? itemSchema) =>
        new(list.Select(x => x is JsonObject o ? MergeMap(null, o, itemSchema) : x?.DeepClone()).Where(x => x is not null).ToArray());

    private static (JsonObject? Schema, string Strategy, string? MergeKey) Field(JsonObject? schema, string key)
    {
        var prop = schema?["properties"]?[key] as JsonObject ?? schema?["additionalProperties"] as JsonObject;
        if (prop is null) return (null, "", null);
        var strategy = prop["x-kubernetes-patch-strategy"].Str() ?? "";
        var mergeKey = prop["x-kubernetes-patch-merge-key"].Str();
        var target = prop["type"].Str() == "array" ? SwaggerDefinitions.Resolve(prop["items"]) : SwaggerDefinitions.Resolve(prop);
        return (target, strategy, mergeKey);
    }

    private static JsonObject Without(JsonObject o, string key)
    {
        var copy = (JsonObject)o.DeepClone();
        copy.Remove(key);
        return copy;
    }
}
