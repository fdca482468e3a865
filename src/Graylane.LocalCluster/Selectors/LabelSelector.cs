using System.Text.Json.Nodes;
using System.Text.RegularExpressions;

namespace Graylane.LocalCluster.Selectors;

/// <summary>A parsed label selector: all requirements must hold. Parses the query-string form and the object form.</summary>
public sealed partial class LabelSelector
{
    public static readonly LabelSelector Everything = new([]);

    public LabelSelector(IReadOnlyList<LabelRequirement> requirements) => Requirements = requirements;

    public IReadOnlyList<LabelRequirement> Requirements { get; }
    public bool IsEmpty => Requirements.Count == 0;

    public bool Matches(IReadOnlyDictionary<string, string> labels) => Requirements.All(r => r.Matches(labels));

    /// <summary>Parses "a=b,c!=d,e in (f,g),!h,i". Throws FormatException with the server's wording on bad input.</summary>
    public static LabelSelector Parse(string? text)
    {
        if (string.IsNullOrWhiteSpace(text)) return Everything;
        var result = new List<LabelRequirement>();
        foreach (var raw in SplitTopLevel(text))
        {
            var term = raw.Trim();
            if (term.Length == 0) throw new FormatException($"unable to parse requirement: found '', expected: identifier");
            Match m;
            if ((m = SetTerm().Match(term)).Success)
            {
                var values = m.Groups[3].Value.Split(',').Select(v => v.Trim()).Where(v => v.Length > 0).ToList();
                var op = m.Groups[2].Value == "in" ? SelectorOperator.In : SelectorOperator.NotIn;
                result.Add(new LabelRequirement(m.Groups[1].Value, op, values));
            }
            else if ((m = CompareTerm().Match(term)).Success)
            {
                var op = m.Groups[2].Value == "!=" ? SelectorOperator.NotEquals : SelectorOperator.Equals;
                result.Add(new LabelRequirement(m.Groups[1].Value, op, [m.Groups[3].Value.Trim()]));
            }
            else if ((m = NotExistsTerm().Match(term)).Success)
                result.Add(new LabelRequirement(m.Groups[1].Value, SelectorOperator.DoesNotExist, []));
            else if ((m = ExistsTerm().Match(term)).Success)
                result.Add(new LabelRequirement(m.Groups[1].Value, SelectorOperator.Exists, []));
            else
                throw new FormatException($"unable to parse requirement: invalid label selector term \"{term}\"");
        }
        return new LabelSelector(result);
    }

    /// <summary>The metav1.LabelSelector object form (matchLabels and matchExpressions).</summary>
    public static LabelSelector FromObject(JsonObject? selector)
    {
        if (selector is null) return Everything;
        var result = new List<LabelRequirement>();
        foreach (var (k, v) in JsonHelpers.StringMap(selector["matchLabels"]))
            result.Add(new LabelRequirement(k, SelectorOperator.Equals, [v]));
        foreach (var expr in (selector["matchExpressions"] as JsonArray ?? []).OfType<JsonObject>())
        {
            var values = (expr["values"] as JsonArray ?? []).Select(x => x.Str() ?? "").ToList();
            var op = expr["operator"].Str() switch
            {
                "In" => SelectorOperator.In,
                "NotIn" => SelectorOperator.NotIn,
                "Exists" => SelectorOperator.Exists,
                _ => SelectorOperator.DoesNotExist,
            };
            result.Add(new LabelRequirement(expr["key"].Str() ?? "", op, values));
        }
        return new LabelSelector(result);
    }

    private static IEnumerable<string> SplitTopLevel(string text)
    {
        var depth = 0;
        var start = 0;
        for (var i = 0; i < text.Length; i++)
        {
            if (text[i] == '(') depth++;
            else if (text[i] == ')') depth--;
            else if (text[i] == ',' && depth == 0)
            {
                yield return text[start..i];
                start = i + 1;
            }
        }
        yield return text[start..];
    }

    [GeneratedRegex(@"^([A-Za-z0-9./_-]+)\s+(in|notin)\s*\((.*)\)\z")] private static partial Regex SetTerm();
    [GeneratedRegex(@"^([A-Za-z0-9./_-]+)\s*(==|!=|=)\s*([A-Za-z0-9._-]*)\s*\z")] private static partial Regex CompareTerm();
    [GeneratedRegex(@"^!\s*([A-Za-z0-9./_-]+)\z")] private static partial Regex NotExistsTerm();
    [GeneratedRegex(@"^([A-Za-z0-9./_-]+)\z")] private static partial Regex ExistsTerm();
}
