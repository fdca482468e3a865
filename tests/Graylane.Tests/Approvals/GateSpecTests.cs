using Graylane.Approvals.Gates;
using Graylane.Core.Validation;

namespace Graylane.Tests.Approvals;

public class GateSpecTests
{
    [Fact]
    public void A_gate_parses_and_fills_in_the_release_variables()
    {
        var gate = GateSpec.Parse("name=latency; query=histogram_quantile(0.99, sum(rate(x_bucket{app=\"$app\",v=\"$version\",b=\"$baseline_version\",ns=\"$namespace\",s=\"$service\"}[1m])) by (le)); max=0.5");
        Assert.Equal("latency", gate.Name);
        Assert.Null(gate.Min);
        Assert.Equal(0.5, gate.Max);
        var query = gate.Render(new Dictionary<string, string>
        {
            ["app"] = "shop", ["version"] = "v2", ["baseline_version"] = "v1", ["namespace"] = "prod", ["service"] = "shop-svc",
        });
        Assert.Contains("app=\"shop\",v=\"v2\",b=\"v1\",ns=\"prod\",s=\"shop-svc\"", query);
        Assert.Equal((true, "0.4 <= max 0.5"), gate.Check(0.4));
        Assert.Equal((false, "0.7 > max 0.5"), gate.Check(0.7));
        Assert.False(gate.Check(double.NaN).Passed);
    }

    [Theory]
    [InlineData("query=up;min=1", "needs name=")]
    [InlineData("name=x;min=1", "needs query=")]
    [InlineData("name=x;query=up;min=2;max=1", "min 2 is above max 1")]
    [InlineData("name=x;query=up;max=1e999", "max=\"1e999\" is not a number")]
    public void Bad_gates_are_refused_naming_the_problem(string text, string expected)
    {
        var ex = Assert.Throws<InvalidInputException>(() => GateSpec.Parse(text));
        Assert.Equal("gate", ex.Input);
        Assert.Contains(expected, ex.Message);
    }
}
