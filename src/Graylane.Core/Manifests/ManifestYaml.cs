using System.Globalization;
using System.Numerics;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace Graylane.Core.Manifests;

/// <summary>
/// YAML → JSON as kubectl reads a manifest (sigs.k8s.io/yaml over go-yaml v2): plain scalars are typed (null, bool
/// including YAML 1.1 yes/no/on/off, integers in any base, floats), quoted and block scalars stay strings, explicit
/// tags win, anchors, aliases and "&lt;&lt;" merge keys are resolved. YamlStream is untyped, so this is AOT safe.
/// </summary>
public static partial class ManifestYaml
{
    /// <summary>Every document of the text, numbered from 1, empty ones included so the numbers match what the user counts.</summary>
    /// <exception cref="ManifestYamlException">The text is not YAML; the line and column are in the exception.</exception>
    public static IReadOnlyList<YamlDocumentText> ParseDocuments(string yaml)
    {
        var stream = new YamlStream();
        var parser = new Parser(new StringReader(yaml));
        try
        {
            stream.Load(parser);
        }
        catch (YamlException ex)
        {
            throw new ManifestYamlException(checked((int)ex.Start.Line), checked((int)ex.Start.Column), Reason(ex));
        }
        catch (Exception ex) when (ex is ArgumentException or InvalidOperationException)
        {
            // A repeated key (ArgumentException) or a scanner state error carries no position: the last event parsed is near it.
            var at = parser.Current?.End;
            throw new ManifestYamlException(checked((int)(at?.Line ?? 0)), checked((int)(at?.Column ?? 0)),
                ex is ArgumentException ? "a key appears twice in one mapping" : "unexpected end or character");
        }
        var documents = new List<YamlDocumentText>();
        foreach (var doc in stream.Documents)
            documents.Add(new YamlDocumentText(documents.Count + 1, checked((int)doc.RootNode.Start.Line), Convert(doc.RootNode)));
        return documents;
    }

    private static string Reason(YamlException ex)
    {
        // YamlDotNet prefixes its messages with the position, which the caller reports itself.
        var message = ex.InnerException is YamlException inner ? inner.Message : ex.Message;
        var close = message.IndexOf("): ", StringComparison.Ordinal);
        return message.StartsWith('(') && close > 0 ? message[(close + 3)..] : message;
    }

    private static JsonNode? Convert(YamlNode node) => node switch
    {
        YamlMappingNode map => ConvertMapping(map),
        YamlSequenceNode seq => new JsonArray(seq.Children.Select(Convert).ToArray()),
        YamlScalarNode scalar => ConvertScalar(scalar),
        _ => throw new ManifestYamlException(checked((int)node.Start.Line), checked((int)node.Start.Column), "unsupported YAML node"),
    };

    private static JsonObject ConvertMapping(YamlMappingNode map)
    {
        var result = new JsonObject();
        // Merge keys first, so the mapping's own keys override what they bring in.
        foreach (var (_, value) in map.Children.Where(kv => IsMergeKey(kv.Key)))
        {
            var sources = value is YamlSequenceNode seq ? seq.Children.ToList() : [value];
            foreach (var source in sources)
                if (Convert(source) is JsonObject merged)
                    foreach (var (k, v) in merged) result[k] = v?.DeepClone();
        }
        foreach (var (key, value) in map.Children.Where(kv => !IsMergeKey(kv.Key)))
        {
            if (key is not YamlScalarNode { Value: { } text })
                throw new ManifestYamlException(checked((int)key.Start.Line), checked((int)key.Start.Column), "a mapping key must be a plain value");
            result[text] = Convert(value);
        }
        return result;
    }

    private static bool IsMergeKey(YamlNode key) => key is YamlScalarNode { Value: "<<", Style: ScalarStyle.Plain or ScalarStyle.Any };

    private static JsonNode? ConvertScalar(YamlScalarNode scalar)
    {
        var text = scalar.Value ?? "";
        switch (scalar.Tag.IsEmpty ? null : scalar.Tag.Value)
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
        var s = text.Replace("_", "", StringComparison.Ordinal);
        var negative = s.StartsWith('-');
        var digits = s.TrimStart('+', '-');
        if (digits.Length == 0 || s.Length - digits.Length > 1) return null;
        var (radix, body) = digits switch
        {
            _ when digits.StartsWith("0x", StringComparison.OrdinalIgnoreCase) => (16, digits[2..]),
            _ when digits.StartsWith("0o", StringComparison.OrdinalIgnoreCase) => (8, digits[2..]),
            _ when digits.StartsWith("0b", StringComparison.OrdinalIgnoreCase) => (2, digits[2..]),
            _ when digits.Length > 1 && digits[0] == '0' => (8, digits[1..]), // go-yaml v2 reads 0644 as octal (defaultMode)
            _ => (10, digits),
        };
        if (body.Length == 0) return null;
        BigInteger value = 0;
        foreach (var c in body)
        {
            var d = HexValue(c);
            if (d < 0 || d >= radix) return null;
            value = value * radix + d;
        }
        if (negative) value = -value;
        // Parsed from text, so the value reads back as any numeric type (int, long, double), as API responses do.
        return JsonNode.Parse(value >= long.MinValue && value <= ulong.MaxValue ? value.ToString(CultureInfo.InvariantCulture) : ((double)value).ToString("R", CultureInfo.InvariantCulture));
    }

    private static int HexValue(char c) => c switch
    {
        >= '0' and <= '9' => c - '0',
        >= 'a' and <= 'f' => c - 'a' + 10,
        >= 'A' and <= 'F' => c - 'A' + 10,
        _ => -1,
    };

    // Infinity and NaN have no JSON form, so .inf/.nan stay strings.
    private static JsonNode? Float(string text) =>
        FloatPattern().IsMatch(text) && double.TryParse(text.Replace("_", "", StringComparison.Ordinal), NumberStyles.Float, CultureInfo.InvariantCulture, out var d)
            ? JsonNode.Parse(d.ToString("R", CultureInfo.InvariantCulture))
            : null;

    [GeneratedRegex(@"^[-+]?(\.[0-9_]+|[0-9][0-9_]*(\.[0-9_]*)?)([eE][-+]?[0-9]+)?$")]
    private static partial Regex FloatPattern();

    private static ManifestYamlException Bad(YamlScalarNode s, string type) =>
        new(checked((int)s.Start.Line), checked((int)s.Start.Column), $"\"{s.Value}\" is not a valid !!{type}");
}
