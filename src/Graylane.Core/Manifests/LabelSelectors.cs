using System.Text.Json.Nodes;
using Graylane.Core.Json;

namespace Graylane.Core.Manifests;

/// <summary>A metav1.LabelSelector (matchLabels and matchExpressions) evaluated against labels.</summary>
public static class LabelSelectors
{
    /// <summary>True when the selector selects the labels; an empty or missing selector selects nothing here.</summary>
    public static bool Selects(JsonNode? selector, IReadOnlyDictionary<string, string> labels)
    {
        if (selector is not JsonObject s) return false;
        var matchLabels = Obj.StringMap(s["matchLabels"]);
        var expressions = Obj.Objects(s["matchExpressions"]).ToList();
        if (matchLabels.Count == 0 && expressions.Count == 0) return false;
        if (!matchLabels.All(kv => labels.TryGetValue(kv.Key, out var v) && v == kv.Value)) return false;
        foreach (var e in expressions)
        {
            var key = (string?)e["key"] ?? "";
            var values = (e["values"] as JsonArray ?? []).Select(v => v?.ToString() ?? "").ToList();
            var has = labels.TryGetValue(key, out var value);
            var ok = (string?)e["operator"] switch
            {
                "In" => has && values.Contains(value!),
                "NotIn" => !has || !values.Contains(value!),
                "Exists" => has,
                "DoesNotExist" => !has,
                _ => false,
            };
            if (!ok) return false;
        }
        return true;
    }

    /// <summary>The selector as a user reads it: "app=web,tier in (a,b)".</summary>
    public static string Format(JsonNode? selector)
    {
        if (selector is not JsonObject s) return "(none)";
        var parts = Obj.StringMap(s["matchLabels"]).OrderBy(kv => kv.Key, StringComparer.Ordinal).Select(kv => $"{kv.Key}={kv.Value}").ToList();
        foreach (var e in Obj.Objects(s["matchExpressions"]))
        {
            var values = string.Join(",", (e["values"] as JsonArray ?? []).Select(v => v?.ToString()));
            parts.Add((string?)e["operator"] switch
            {
                "Exists" => $"{e["key"]}",
                "DoesNotExist" => $"!{e["key"]}",
                var op => $"{e["key"]} {op?.ToLowerInvariant()} ({values})",
            });
        }
        return parts.Count == 0 ? "(none)" : string.Join(",", parts);
    }
}
