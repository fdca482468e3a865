using System.Text.Json.Nodes;
using Graylane.LocalCluster.Selectors;

namespace Graylane.LocalCluster.Tests.Unit;

public sealed class FieldSelectorParsingTests
{
    [Theory]
    [InlineData(@"reason=a\,b", true)]
    [InlineData(@"reason=a\=b", false)]
    [InlineData(@"reason!=a\,b", false)]
    [InlineData(@"reason=a\,b,type=Normal", true)]
    public void Escaped_commas_and_equals_stay_in_the_value(string selector, bool expected)
    {
        var ev = new JsonObject { ["reason"] = "a,b", ["type"] = "Normal" };
        Assert.Equal(expected, FieldSelector.Parse(selector, SelectableFields.For("", "events")).Matches(ev));
    }

    [Fact]
    public void Host_network_and_replica_counts_read_as_the_server_prints_them()
    {
        var pod = new JsonObject { ["spec"] = new JsonObject { ["hostNetwork"] = true } };
        Assert.True(FieldSelector.Parse("spec.hostNetwork=true", SelectableFields.For("", "pods")).Matches(pod));
        Assert.True(FieldSelector.Parse("spec.hostNetwork=false", SelectableFields.For("", "pods")).Matches(new JsonObject()));
        var rs = new JsonObject { ["status"] = new JsonObject { ["replicas"] = 3 } };
        Assert.True(FieldSelector.Parse("status.replicas=3", SelectableFields.For("apps", "replicasets")).Matches(rs));
        Assert.True(FieldSelector.Parse("status.replicas=0", SelectableFields.For("apps", "replicasets")).Matches(new JsonObject()));
    }
}
