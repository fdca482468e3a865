using Graylane.LocalCluster.Selectors;

namespace Graylane.LocalCluster.Tests.Unit;

public sealed class LabelSelectorTests
{
    [Theory]
    [InlineData("app=web", true)]
    [InlineData("app==web,tier", true)]
    [InlineData("app!=web", false)]
    [InlineData("tier in (front, back)", true)]
    [InlineData("tier notin (front)", false)]
    [InlineData("!canary", true)]
    [InlineData("canary", false)]
    [InlineData("app=web,!tier", false)]
    public void Terms_match_as_upstream(string selector, bool expected)
    {
        var labels = new Dictionary<string, string> { ["app"] = "web", ["tier"] = "front" };
        Assert.Equal(expected, LabelSelector.Parse(selector).Matches(labels));
    }

    [Fact]
    public void Garbage_is_a_format_error()
    {
        Assert.Throws<FormatException>(() => LabelSelector.Parse("app in web"));
    }
}
