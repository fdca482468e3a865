using Graylane.Cli.Hosts;

namespace Graylane.Tests.Hosts;

public class InputValuesTests
{
    private static InputValues Values(params string[] args) =>
        new(HostFactory.Create(TestSteps.Command, TestSteps.Inputs, args, TestSteps.Env(), TextWriter.Null, TextWriter.Null),
            TestSteps.Command, TestSteps.Inputs);

    [Fact]
    public void Defaults_apply_when_an_input_is_absent()
    {
        var values = Values("--weight", "25");
        Assert.Equal("25", values.Get("weight"));
        Assert.Equal("30s", values.Get("scale-down-delay"));
        Assert.Null(values.Get("match"));
    }

    [Fact]
    public void Required_inputs_fail_with_every_way_to_give_them()
    {
        var e = Assert.Throws<InputException>(() => Values("--app", "shop").Get("service"));
        Assert.Equal("service", e.Input);
        Assert.Equal("input \"service\" is required for deploy-gray (GitHub: with: service: ...; Azure: inputs: service: ...; CLI: --service)", e.Message);
    }

    [Fact]
    public void Required_message_uses_the_azure_camel_name() =>
        Assert.Contains("Azure: inputs: scaleDownDelay: ...", InputValues.RequiredMessage("x", "scale-down-delay"));

    [Fact]
    public void Check_required_finds_the_first_missing_input()
    {
        Assert.Equal("app", Assert.Throws<InputException>(() => Values().CheckRequired()).Input);
        Values("--app", "shop", "--service", "catalog").CheckRequired();
    }

    [Fact]
    public void Require_fails_for_an_absent_optional_input() =>
        Assert.Equal("token", Assert.Throws<InputException>(() => Values().Require("token")).Input);

    [Fact]
    public void Switches_parse_true_and_false()
    {
        Assert.False(Values().GetSwitch("keep-on-failure"));
        Assert.True(Values("--keep-on-failure").GetSwitch("keep-on-failure"));
        Assert.False(Values("--keep-on-failure=False").GetSwitch("keep-on-failure"));
        var e = Assert.Throws<InputException>(() => Values("--app", "yes").GetSwitch("app"));
        Assert.Equal("input \"app\" of deploy-gray must be true or false, not \"yes\"", e.Message);
    }

    [Fact]
    public void Lists_split_lines_and_drop_blanks()
    {
        Assert.Equal(["x-user=beta", "cookie:gray=1"], Values("--match", " x-user=beta ", "--match", "cookie:gray=1").GetList("match"));
        Assert.Empty(Values().GetList("match"));
    }
}
