using System.Globalization;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace Graylane.LocalCluster.Routing;

/// <summary>
/// YAML → JSON the way kubectl does it (sigs.k8s.io/yaml over go-yaml v2): plain scalars become typed values
/// (null, bool incl. YAML 1.1 yes/no/on/off/y/n, integers, floats), quoted scalars stay strings, explicit tags
/// (!!str, !!int, ...) win, anchors/aliases and "&lt;&lt;" merge keys are resolved. Mapping keys stay as written.
/// </summary>
public static partial class YamlToJson
{
    /// <summary>The single document in the text; null when it is empty. More than one document is an error.</summary>
    public static JsonNode? Parse(string yaml)
    {
        var all = ParseAll(yaml);
        return all.Count switch
        {
            0 => null,
            1 => all[0],
            _ => throw new FormatException($"expected one YAML document, found {all.Count}; use ParseAll"),
        };
    }

    /// <summary>Every non-empty document ("---" separated), as kubectl apply -f reads a file.</summary>
    public static IReadOnlyList<JsonNode> ParseAll(string yaml)
    {
        var stream = new YamlStream();
        stream.Load(new StringReader(yaml));
        return stream.Documents
            .Select(d => Convert(d.RootNode))
            .OfType<JsonNode>()
            .ToList();
    }

    private static JsonNode? Convert(YamlNode node) => node switch
    {
        YamlMappingNode map => ConvertMapping(map),
        YamlSequenceNode seq => new JsonArray(seq.Children.Select(Convert).ToArray()),
        YamlScalarNode scalar => ConvertScalar(scalar),
        _ => throw new FormatException($"unsupported YAML node at {node.Start}"),
    };

    private static JsonObject ConvertMapping(YamlMappingNode map)
    {
        var result = new JsonObject();
        // Merge keys first, so the mapping's own keys override what they bring in.
        foreach (var (key, value) in map.Children.Where(kv => IsMergeKey(kv.Key)))
        {
            var sources = value is YamlSequenceNode seq ? seq.Children.ToList() : [value];
            foreach (var source in sources)
                if (Convert(source) is JsonObject merged)
                    foreach (var (k, v) in merged) result[k] = v?.DeepClone();
        }
        foreach (var (key, value) in map.Children.Where(kv => !IsMergeKey(kv.Key)))
            result[KeyText(key)] = Convert(value);
        return result;
    }

    private static bool IsMergeKey(YamlNode key) =>
        key is YamlScalarNode { Value: "<<", Style: ScalarStyle.Plain or ScalarStyle.Any };

    private static string KeyText(YamlNode key) => key is YamlScalarNode s ? s.Value ?? "" : key.ToString();

    private static JsonNode? ConvertScalar(YamlScalarNode scalar)
    {
        var text = scalar.Value ?? "";
        var tag = scalar.Tag.IsEmpty ? null : scalar.Tag.Value;
        switch (tag)
        {
            case "tag:yaml.org,2002:str": return JsonValue.Create(text);
            case "tag:yaml.org,2002:null": return null;
            case "tag:yaml.org,2002:bool": return JsonValue.Create(Bool(text) ?? throw Bad(scalar, "bool"));
            case "tag:yaml.org,2002:int": return Integer(text) ?? throw Bad(scalar, "int");
            case "tag:yaml.org,2002:float": return Float(text) ?? Integer(text) ?? throw Bad(scalar, "float");
        }
        if (scalar.Style is not (ScalarStyle.Plain or ScalarStyle.Any)) return JsonValue.Create(text);
        if (text is "" or "~" or "null" or "Null" or "NULL") return null;
        if (Bool(text) is { } b) return JsonValue.Create(b);
        return Integer(text) ?? Float(text) ?? JsonValue.Create(text);
    }

    private static bool? Bool(string s) => s switch
    {
        "true" or "True" or "TRUE" or "yes" or "Yes" or "YES" or "on" or "On" or "ON" or "y" or "Y" => true,
        "false" or "False" or "FALSE" or "no" or "No" or "NO" or "off" or "Off" or "OFF" or "n" or "N" => false,
        _ => null,
    };

    private static JsonNode? Integer(string text)
    {
        var s = text.Replace("_", "");
        var negative = s.StartsWith('-');
        var digits = s.TrimStart('+', '-');
        if (digits.Length == 0 || s.Length - digits.Length > 1) return null;
        var (radix, body) = digits switch
        {
            _ when digits.StartsWith("0x", StringComparison.OrdinalIgnoreCase) => (16, digits[2..]),
            _ when digits.StartsWith("0o", StringComparison.OrdinalIgnoreCase) => (8, digits[2..]),
            _ when digits.StartsWith("0b", StringComparison.OrdinalIgnoreCase) => (2, digits[2..]),
            _ when digits.Length > 1 && digits[0] == '0' => (8, digits[1..]), // go-yaml v2 reads 0777 as octal
            _ => (10, digits),
        };
        if (body.Length == 0 || !body.All(c => Uri.IsHexDigit(c) && System.Convert.ToInt32(c.ToString(), 16) < radix))
            return null;
        System.Numerics.BigInteger value = 0;
        foreach (var c in body) value = value * radix + System.Convert.ToInt32(c.ToString(), 16);
        if (negative) value = -value;
        if (value >= long.MinValue && value <= long.MaxValue) return JsonValue.Create((long)value);
        if (value >= 0 && value <= ulong.MaxValue) return JsonValue.Create((ulong)value);
        return JsonValue.Create((double)value);
    }

    // Infinity and NaN have no JSON form, so .inf/.nan stay strings.
    private static JsonNode? Float(string text) =>
        FloatPattern().IsMatch(text) && double.TryParse(text.Replace("_", ""), NumberStyles.Float, CultureInfo.InvariantCulture, out var d)
            ? JsonValue.Create(d)
            : null;

    [GeneratedRegex(@"^[-+]?(\.[0-9_]+|[0-9][0-9_]*(\.[0-9_]*)?)([eE][-+]?[0-9]+)?$")]
    private static partial Regex FloatPattern();

    private static FormatException Bad(YamlScalarNode s, string type) =>
        new($"\"{s.Value}\" at {s.Start} is not a valid !!{type}");
}
