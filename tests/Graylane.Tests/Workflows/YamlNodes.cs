using YamlDotNet.RepresentationModel;

namespace Graylane.Tests.Workflows;

/// <summary>Small readers over YamlStream nodes (no reflection serializer): what workflow and pipeline files hold.</summary>
public static class YamlNodes
{
    public static YamlMappingNode Load(string path)
    {
        var stream = new YamlStream();
        using (var reader = new StreamReader(path)) stream.Load(reader);
        return stream.Documents.Count > 0 && stream.Documents[0].RootNode is YamlMappingNode root
            ? root
            : throw new InvalidDataException($"{path} is not a YAML mapping");
    }

    public static YamlNode? Child(this YamlMappingNode map, string key) =>
        map.Children.TryGetValue(new YamlScalarNode(key), out var node) ? node : null;

    public static YamlMappingNode? Map(this YamlMappingNode map, string key) => map.Child(key) as YamlMappingNode;

    public static string? Str(this YamlMappingNode map, string key) => (map.Child(key) as YamlScalarNode)?.Value;

    /// <summary>A scalar or a sequence of scalars ("needs: a" and "needs: [a, b]").</summary>
    public static List<string> Strings(this YamlMappingNode map, string key) => map.Child(key) switch
    {
        YamlScalarNode s when !string.IsNullOrEmpty(s.Value) => [s.Value],
        YamlSequenceNode seq => seq.Children.OfType<YamlScalarNode>().Select(s => s.Value ?? "").ToList(),
        _ => [],
    };

    /// <summary>A mapping of scalars, in file order (with:, env:, inputs:, outputs:). Non-scalar values are an error.</summary>
    public static List<KeyValuePair<string, string>> Pairs(this YamlMappingNode map, string key)
    {
        if (map.Child(key) is not YamlMappingNode m) return [];
        return m.Children.Select(kv => new KeyValuePair<string, string>(
            ((YamlScalarNode)kv.Key).Value ?? "",
            kv.Value is YamlScalarNode v ? v.Value ?? "" : throw new InvalidDataException($"{key}.{kv.Key} is not a scalar"))).ToList();
    }

    public static IEnumerable<(string Key, YamlMappingNode Value)> Entries(this YamlMappingNode? map) =>
        map is null ? [] : map.Children.Select(kv => (((YamlScalarNode)kv.Key).Value ?? "", kv.Value as YamlMappingNode ?? new YamlMappingNode()));

    public static IEnumerable<YamlMappingNode> Items(this YamlMappingNode map, string key) =>
        map.Child(key) is YamlSequenceNode seq ? seq.Children.OfType<YamlMappingNode>() : [];
}
