using System.Text.Json.Nodes;
using Graylane.LocalCluster.Tables;

namespace Graylane.LocalCluster.Tests.Unit;

public sealed class TableFormattingTests
{
    [Theory]
    [InlineData(0, "0s")]
    [InlineData(119, "119s")]
    [InlineData(200, "3m20s")]
    [InlineData(600, "10m")]
    [InlineData(3 * 3600 + 120, "3h2m")]
    [InlineData(9 * 3600, "9h")]
    [InlineData(3 * 86400 + 3600, "3d1h")]
    [InlineData(30 * 86400, "30d")]
    [InlineData(3 * 365 * 86400 + 5 * 86400, "3y5d")]
    public void Ages_read_as_kubectl_prints_them(int seconds, string expected) =>
        Assert.Equal(expected, HumanDuration.Format(TimeSpan.FromSeconds(seconds)));

    [Theory]
    [InlineData(".spec.hosts[0]", "\"a\"")]
    [InlineData(".status.conditions[?(@.type==\"Ready\")].status", "\"True\"")]
    [InlineData(".status.conditions[*].type", "\"Ready\",\"Programmed\"")]
    [InlineData(".metadata.labels['app.kubernetes.io/name']", "\"web\"")]
    [InlineData(".spec.missing", "")]
    public void Printer_column_paths_select_as_kubernetes_jsonpath(string path, string expected)
    {
        var obj = JsonNode.Parse("""
            {"metadata":{"labels":{"app.kubernetes.io/name":"web"}},"spec":{"hosts":["a","b"]},
             "status":{"conditions":[{"type":"Ready","status":"True"},{"type":"Programmed","status":"False"}]}}
            """);
        Assert.Equal(expected, string.Join(",", new SimpleJsonPath(path).Find(obj).Select(n => n?.ToJsonString())));
    }
}
