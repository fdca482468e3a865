using System.Text.Json.Nodes;
using Graylane.LocalCluster.Protobuf;

namespace Graylane.LocalCluster.Tests.Protobuf;

/// <summary>
/// Upstream's serialization fixtures (k8s.io/api testdata, every field set): each protobuf encoding decodes into exactly
/// the JSON the API server writes for it, inline structs, renamed fields, times, quantities, bytes and raw JSON included.
/// </summary>
public sealed class ProtobufFixtureTests
{
    private static IEnumerable<string> Names() =>
        Directory.GetFiles(RepositoryFiles.PathOf("tests/Graylane.LocalCluster.Tests/Protobuf/testdata"), "*.pb").Order()
            .Select(pb => Path.GetFileNameWithoutExtension(pb));

    public static TheoryData<string> Fixtures() => new(Names());

    [Theory]
    [MemberData(nameof(Fixtures))]
    public void Decodes_into_the_json_the_server_writes(string fixture)
    {
        var dir = RepositoryFiles.PathOf("tests/Graylane.LocalCluster.Tests/Protobuf/testdata");
        var expected = JsonNode.Parse(File.ReadAllText(Path.Combine(dir, fixture + ".json")));
        var decoded = KubernetesProtobuf.Decode(File.ReadAllBytes(Path.Combine(dir, fixture + ".pb")));
        var differences = new List<string>();
        Compare(expected, decoded, "", differences);
        Assert.True(differences.Count == 0, string.Join("\n", differences.Take(10)));
    }

    [Fact]
    public void The_fixtures_cover_the_kinds_kubectl_create_sends()
    {
        var names = Names().ToHashSet();
        foreach (var kind in new[] { "core.v1.Namespace", "core.v1.ConfigMap", "core.v1.Secret", "apps.v1.Deployment", "core.v1.Service",
                     "batch.v1.Job", "core.v1.Pod", "authorization.k8s.io.v1.SubjectAccessReview" })
            Assert.Contains(kind, names);
    }

    private static void Compare(JsonNode? expected, JsonNode? actual, string path, List<string> differences)
    {
        switch (expected)
        {
            case JsonObject e when actual is JsonObject a:
                foreach (var (key, value) in e)
                    if (!a.ContainsKey(key)) differences.Add($"{path}.{key} is missing");
                    else Compare(value, a[key], $"{path}.{key}", differences);
                foreach (var (key, _) in a)
                    if (!e.ContainsKey(key)) differences.Add($"{path}.{key} is extra");
                break;
            case JsonArray e when actual is JsonArray a:
                if (e.Count != a.Count) differences.Add($"{path} has {a.Count} items, not {e.Count}");
                for (var i = 0; i < Math.Min(e.Count, a.Count); i++) Compare(e[i], a[i], $"{path}[{i}]", differences);
                break;
            default:
                if (expected?.ToJsonString() != actual?.ToJsonString())
                    differences.Add($"{path}: {actual?.ToJsonString()} instead of {expected?.ToJsonString()}");
                break;
        }
    }
}
