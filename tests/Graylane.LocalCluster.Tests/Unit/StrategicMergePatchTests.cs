using System.Text.Json.Nodes;
using Graylane.LocalCluster.Patching;
using Graylane.LocalCluster.Schemas;

namespace Graylane.LocalCluster.Tests.Unit;

public sealed class StrategicMergePatchTests
{
    private static JsonObject Apply(string original, string patch) =>
        StrategicMergePatch.Apply((JsonObject)JsonNode.Parse(original)!, (JsonObject)JsonNode.Parse(patch)!,
            SwaggerDefinitions.ForKind("apps", "v1", "Deployment"));

    [Fact]
    public void Env_merges_by_name_and_replace_directive_replaces_the_list()
    {
        const string original = """{"spec":{"template":{"spec":{"containers":[{"name":"a","env":[{"name":"X","value":"1"},{"name":"Y","value":"2"}]}]}}}}""";
        var merged = Apply(original, """{"spec":{"template":{"spec":{"containers":[{"name":"a","env":[{"name":"Y","value":"3"}]}]}}}}""");
        var env = merged["spec"]!["template"]!["spec"]!["containers"]![0]!["env"]!.AsArray();
        Assert.Equal(["X=1", "Y=3"], env.Select(e => $"{e!["name"]}={e["value"]}"));

        var replaced = Apply(original, """{"spec":{"template":{"spec":{"containers":[{"name":"a","env":[{"name":"Z","value":"9"},{"$patch":"replace"}]}]}}}}""");
        Assert.Equal(["Z"], replaced["spec"]!["template"]!["spec"]!["containers"]![0]!["env"]!.AsArray().Select(e => (string?)e!["name"]));
    }

    [Fact]
    public void RetainKeys_drops_unlisted_fields_and_setElementOrder_is_tolerated()
    {
        const string original = """{"spec":{"strategy":{"type":"RollingUpdate","rollingUpdate":{"maxSurge":1}}}}""";
        var merged = Apply(original, """{"spec":{"strategy":{"$retainKeys":["type"],"type":"Recreate"},"template":{"spec":{"$setElementOrder/containers":[{"name":"a"}]}}}}""");
        Assert.Equal("""{"type":"Recreate"}""", merged["spec"]!["strategy"]!.ToJsonString());
    }

    [Fact]
    public void Lists_without_a_merge_strategy_are_replaced_and_null_deletes()
    {
        var merged = Apply("""{"spec":{"template":{"spec":{"containers":[{"name":"a","args":["x","y"],"image":"i"}]}}}}""",
            """{"spec":{"template":{"spec":{"containers":[{"name":"a","args":["z"],"image":null}]}}}}""");
        var c = merged["spec"]!["template"]!["spec"]!["containers"]![0]!.AsObject();
        Assert.Equal("""["z"]""", c["args"]!.ToJsonString());
        Assert.False(c.ContainsKey("image"));
    }
}
