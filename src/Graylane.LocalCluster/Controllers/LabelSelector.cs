using System.Text.Json.Nodes;

namespace Graylane.LocalCluster.Controllers;

/// <summary>metav1.LabelSelector (matchLabels + matchExpressions) and plain Service selectors.</summary>
internal static class LabelSelector
{
    /// <summary>A LabelSelector object; an empty or missing selector matches nothing, as controllers treat it.</summary>
    public static bool Matches(JsonNode? selector, IReadOnlyDictionary<string, string> labels)
    {
        if (selector is not JsonObject sel) return false;
        var matchLabels = Json.StringMap(sel["matchLabels"]);
        var expressions = (sel["matchExpressions"] as JsonArray)?.OfType<JsonObject>().ToList() ?? [];
        if (matchLabels.Count == 0 && expressions.Count == 0) return false;
        return MatchesMap(matchLabels, labels) && expressions.All(e => MatchesExpression(e, labels));
    }

    /// <summary>Every key/value of the selector is present on the labels.</summary>
    public static bool MatchesMap(IReadOnlyDictionary<string, string> selector, IReadOnlyDictionary<string, string> labels) =>
        selector.All(kv => labels.TryGetValue(kv.Key, out var v) && v == kv.Value);

    private static bool MatchesExpression(JsonObject expression, IReadOnlyDictionary<string, string> labels)
    {
        var key = (string?)expression["key"] ?? "";
        var values = (expression["values"] as JsonArray)?.Select(Json.String).OfType<string>().ToHashSet() ?? [];
        var has = labels.TryGetValue(key, out var value);
        return (string?)expression["operator"] switch
        {
            "In" => has && values.Contains(value!),
            "NotIn" => !has || !values.Contains(value!),
            "Exists" => has,
            "DoesNotExist" => !has,
            _ => false,
        };
    }
}
