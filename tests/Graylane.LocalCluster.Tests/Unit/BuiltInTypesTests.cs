using Graylane.LocalCluster.Resources;
using Graylane.LocalCluster.Storage;

namespace Graylane.LocalCluster.Tests.Unit;

public sealed class BuiltInTypesTests
{
    [Fact]
    public void The_types_the_code_names_are_the_ones_the_catalog_serves()
    {
        var served = BuiltInResources.All().Select(r => r.Type).ToHashSet();
        foreach (var type in BuiltInTypes.All) Assert.True(served.Contains(type), $"{type} ({type.ApiVersion} {type.Kind}) is not what the catalog stores");
    }

    [Fact]
    public void A_resource_served_in_two_versions_is_stored_once_in_the_preferred_one()
    {
        var hpa = BuiltInResources.All().Where(r => r.Plural == "horizontalpodautoscalers").ToList();
        Assert.Equal(["v1", "v2"], hpa.Select(r => r.Version).Order());
        Assert.All(hpa, r => Assert.Equal("v2", r.Type.Version));
    }
}
