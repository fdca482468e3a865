using System.Text.Json.Nodes;
using Graylane.Core.Manifests;

namespace Graylane.Tests.Manifests;

public class ManifestYamlTests
{
    [Fact]
    public void Plain_scalars_are_typed_as_kubectl_types_them_and_quoted_ones_stay_strings()
    {
        var doc = ManifestYaml.ParseDocuments("""
            replicas: 3
            mode: 0644
            hex: 0x1F
            ratio: 0.5
            on: yes
            off: "yes"
            empty:
            tilde: ~
            text: hello
            version: "1.10"
            block: |
              line1
              line2
            after: 1
            """).Single().Content!.AsObject();
        Assert.Equal(3L, doc["replicas"]!.GetValue<long>());
        Assert.Equal(420L, doc["mode"]!.GetValue<long>()); // go-yaml v2 reads a leading 0 as octal
        Assert.Equal(31L, doc["hex"]!.GetValue<long>());
        Assert.Equal(0.5, doc["ratio"]!.GetValue<double>());
        Assert.Equal(3, (int?)doc["replicas"]);
        Assert.True(doc["on"]!.GetValue<bool>());
        Assert.Equal("yes", doc["off"]!.GetValue<string>());
        Assert.Null(doc["empty"]);
        Assert.True(doc.ContainsKey("empty"));
        Assert.Null(doc["tilde"]);
        Assert.Equal("hello", doc["text"]!.GetValue<string>());
        Assert.Equal("1.10", doc["version"]!.GetValue<string>());
        Assert.Equal("line1\nline2\n", doc["block"]!.GetValue<string>());
    }

    [Fact]
    public void Documents_are_numbered_as_the_user_counts_them_empty_ones_included()
    {
        var docs = ManifestYaml.ParseDocuments("a: 1\n---\n---\nb: 2\n");
        Assert.Equal(3, docs.Count);
        Assert.Equal([1, 2, 3], docs.Select(d => d.Index));
        Assert.Null(docs[1].Content);
        Assert.Equal(4, docs[2].Line);
        Assert.Equal(2L, docs[2].Content!["b"]!.GetValue<long>());
    }

    [Fact]
    public void Anchors_aliases_merge_keys_and_explicit_tags_are_resolved()
    {
        var doc = ManifestYaml.ParseDocuments("""
            base: &b {cpu: 100m, memory: 64Mi}
            requests: *b
            limits:
              <<: *b
              cpu: 200m
            port: !!str 80
            """).Single().Content!.AsObject();
        Assert.Equal("100m", (string?)doc["requests"]!["cpu"]);
        Assert.Equal("200m", (string?)doc["limits"]!["cpu"]);
        Assert.Equal("64Mi", (string?)doc["limits"]!["memory"]);
        Assert.Equal("80", doc["port"]!.GetValue<string>());
    }

    [Fact]
    public void Json_is_read_too()
    {
        var doc = ManifestYaml.ParseDocuments("""{"kind": "ConfigMap", "data": {"a": "1"}}""").Single().Content!;
        Assert.True(JsonNode.DeepEquals(JsonNode.Parse("""{"kind":"ConfigMap","data":{"a":"1"}}"""), doc));
    }

    [Fact]
    public void Broken_yaml_reports_its_line()
    {
        var ex = Assert.Throws<ManifestYamlException>(() => ManifestYaml.ParseDocuments("a: 1\nb: [1, 2\nc: 3\n"));
        Assert.True(ex.Line >= 2, $"line {ex.Line}");
        Assert.DoesNotContain("(Line:", ex.Message);
    }
}
