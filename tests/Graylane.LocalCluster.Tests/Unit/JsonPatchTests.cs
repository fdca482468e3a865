using System.Text.Json.Nodes;
using Graylane.LocalCluster.Patching;

namespace Graylane.LocalCluster.Tests.Unit;

public sealed class JsonPatchTests
{
    [Fact]
    public void Move_copy_remove_and_append_follow_RFC_6902()
    {
        var doc = JsonNode.Parse("""{"a":[1,2],"b":{"c":"x"}}""");
        var result = JsonPatch.Apply(doc, JsonNode.Parse("""
            [{"op":"add","path":"/a/-","value":3},{"op":"copy","from":"/b/c","path":"/d"},
             {"op":"move","from":"/a/0","path":"/e"},{"op":"remove","path":"/b"},{"op":"add","path":"/f~1g","value":true}]
            """));
        Assert.Equal("""{"a":[2,3],"d":"x","e":1,"f/g":true}""", result!.ToJsonString());
    }

    [Fact]
    public void Failed_test_and_missing_paths_are_rejected()
    {
        var doc = JsonNode.Parse("""{"a":1}""");
        Assert.Equal(422, Assert.Throws<PatchException>(() => JsonPatch.Apply(doc, JsonNode.Parse("""[{"op":"test","path":"/a","value":2}]"""))).Code);
        Assert.Equal(422, Assert.Throws<PatchException>(() => JsonPatch.Apply(doc, JsonNode.Parse("""[{"op":"remove","path":"/zz"}]"""))).Code);
    }
}
