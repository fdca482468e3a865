using System.Text.Json;
using System.Text.Json.Nodes;
using Graylane.LocalCluster.Routing;

namespace Graylane.LocalCluster.Tests.Routing;

public class YamlToJsonTests
{
    [Fact]
    public void Plain_scalars_are_typed_and_quoted_ones_stay_strings()
    {
        var node = YamlToJson.Parse("""
            replicas: 3
            ratio: 0.25
            enabled: true
            legacy: yes
            hex: 0x1F
            octal: 0777
            nothing: ~
            empty:
            quoted: "true"
            single: '80'
            tagged: !!str 42
            version: v1
            big: 18446744073709551615
            """)!;
        Assert.Equal(3L, node["replicas"]!.GetValue<long>());
        Assert.Equal(0.25, node["ratio"]!.GetValue<double>());
        Assert.True(node["enabled"]!.GetValue<bool>());
        Assert.True(node["legacy"]!.GetValue<bool>());
        Assert.Equal(31L, node["hex"]!.GetValue<long>());
        Assert.Equal(511L, node["octal"]!.GetValue<long>());
        Assert.Null(node["nothing"]);
        Assert.True(((JsonObject)node).ContainsKey("empty"));
        Assert.Equal("true", node["quoted"]!.GetValue<string>());
        Assert.Equal("80", node["single"]!.GetValue<string>());
        Assert.Equal("42", node["tagged"]!.GetValue<string>());
        Assert.Equal("v1", node["version"]!.GetValue<string>());
        Assert.Equal(ulong.MaxValue, node["big"]!.GetValue<ulong>());
    }

    [Fact]
    public void Nested_maps_lists_anchors_and_merge_keys()
    {
        var node = YamlToJson.Parse("""
            base: &base
              app: mocka
              version: v1
            labels:
              <<: *base
              version: v2
            ports:
            - port: 8000
              name: http
            - 9000
            """)!;
        Assert.Equal("""{"app":"mocka","version":"v2"}""", node["labels"]!.ToJsonString());
        Assert.Equal(JsonValueKind.Array, node["ports"]!.GetValueKind());
        Assert.Equal(8000L, node["ports"]![0]!["port"]!.GetValue<long>());
        Assert.Equal(9000L, node["ports"]![1]!.GetValue<long>());
    }

    [Fact]
    public void ParseAll_skips_empty_documents_and_Parse_rejects_several()
    {
        const string yaml = "a: 1\n---\n# only a comment\n---\nb: 2\n---\n";
        var all = YamlToJson.ParseAll(yaml);
        Assert.Equal(2, all.Count);
        Assert.Equal(2L, all[1]["b"]!.GetValue<long>());
        Assert.Throws<FormatException>(() => YamlToJson.Parse(yaml));
        Assert.Null(YamlToJson.Parse("# nothing here\n"));
    }

    [Fact]
    public void Bad_explicit_tag_is_an_error()
    {
        Assert.Throws<FormatException>(() => YamlToJson.Parse("port: !!int eighty"));
    }
}
