using Graylane.Core.Validation;
using Graylane.Cli.Hosts;
using Graylane.Core.Hosting;

namespace Graylane.Tests.Hosts;

public class CommandLineParserTests
{
    private static ParsedCommandLine Parse(params string[] args) =>
        CommandLineParser.Parse(TestSteps.Command, TestSteps.Inputs, args);

    private static InvalidInputException Fails(params string[] args) =>
        Assert.Throws<InvalidInputException>(() => Parse(args));

    [Fact]
    public void Reads_space_and_equals_forms()
    {
        var parsed = Parse("--app", "shop", "--service=catalog", "--scale-down-delay", "5m");
        Assert.Equal("shop", parsed.Get("app"));
        Assert.Equal("catalog", parsed.Get("service"));
        Assert.Equal("5m", parsed.Get("scale-down-delay"));
        Assert.Null(parsed.Get("weight"));
        Assert.False(parsed.HelpRequested);
    }

    [Fact]
    public void Value_may_contain_equals_and_start_with_a_dash_after_equals()
    {
        var parsed = Parse("--match=x-user=beta", "--weight=-5");
        Assert.Equal("x-user=beta", parsed.Get("match"));
        Assert.Equal("-5", parsed.Get("weight"));
    }

    [Fact]
    public void A_negative_number_is_a_value_not_a_flag() =>
        Assert.Equal("-5", Parse("--weight", "-5").Get("weight"));

    [Theory]
    [InlineData(new[] { "--keep-on-failure" }, "true")]
    [InlineData(new[] { "--keep-on-failure=true" }, "true")]
    [InlineData(new[] { "--keep-on-failure=FALSE" }, "false")]
    public void Switches(string[] args, string expected) =>
        Assert.Equal(expected, Parse(args).Get("keep-on-failure"));

    [Fact]
    public void A_switch_does_not_swallow_the_next_flag()
    {
        var parsed = Parse("--keep-on-failure", "--app", "shop");
        Assert.Equal("true", parsed.Get("keep-on-failure"));
        Assert.Equal("shop", parsed.Get("app"));
    }

    [Fact]
    public void Repeatable_values_are_joined_with_newlines_in_order()
    {
        var parsed = Parse("--match", "x-user=beta", "--app", "shop", "--match=cookie:gray=1");
        Assert.Equal("x-user=beta\ncookie:gray=1", parsed.Get("match"));
    }

    [Fact]
    public void Alias_resolves_to_the_canonical_name() =>
        Assert.Equal("25", Parse("--percent", "25").Get("weight"));

    [Theory]
    [InlineData("--help")]
    [InlineData("-h")]
    public void Help_sets_the_flag_and_still_parses_the_rest(string flag)
    {
        var parsed = Parse("--app", "shop", flag);
        Assert.True(parsed.HelpRequested);
        Assert.Equal("shop", parsed.Get("app"));
    }

    [Fact]
    public void Unknown_flag_suggests_the_closest_and_lists_valid_flags()
    {
        var e = Fails("--wieght", "20");
        Assert.Equal("--wieght", e.Input);
        Assert.Equal(
            "unknown flag --wieght for deploy-gray; did you mean --weight? Valid flags: --app, --service, --weight, " +
            "--scale-down-delay, --match, --keep-on-failure, --token, --kubeconfig, --help",
            e.Message);
    }

    [Fact]
    public void Unknown_flag_with_equals_names_only_the_flag()
    {
        var e = Fails("--scale-down-dealy=5m");
        Assert.StartsWith("unknown flag --scale-down-dealy for deploy-gray; did you mean --scale-down-delay?", e.Message);
    }

    [Fact]
    public void Unknown_flag_far_from_everything_has_no_suggestion()
    {
        var e = Fails("--zzzzzzzz");
        Assert.StartsWith("unknown flag --zzzzzzzz for deploy-gray. Valid flags: --app,", e.Message);
        Assert.DoesNotContain("did you mean", e.Message);
    }

    [Fact]
    public void Single_dash_flags_are_unknown_but_suggested() =>
        Assert.StartsWith("unknown flag -app for deploy-gray; did you mean --app?", Fails("-app", "shop").Message);

    [Fact]
    public void Flag_at_the_end_needs_a_value()
    {
        var e = Fails("--app", "shop", "--weight");
        Assert.Equal("weight", e.Input);
        Assert.Equal("--weight needs a value", e.Message);
    }

    [Fact]
    public void Flag_followed_by_a_flag_needs_a_value_and_says_how_to_pass_a_dash_value() =>
        Assert.Equal(
            "--weight needs a value (got --app; for a value starting with '-' write --weight=<value>)",
            Fails("--weight", "--app", "shop").Message);

    [Fact]
    public void Empty_value_is_rejected() =>
        Assert.Equal("--app needs a value (it was given empty)", Fails("--app=").Message);

    [Fact]
    public void Non_repeatable_given_twice()
    {
        var e = Fails("--weight", "10", "--weight", "20");
        Assert.Equal("weight", e.Input);
        Assert.Equal("--weight given twice; it takes one value", e.Message);
    }

    [Fact]
    public void Given_twice_through_an_alias_names_both_spellings() =>
        Assert.Equal("--weight given twice (as --percent and --weight); it takes one value", Fails("--percent", "1", "--weight", "2").Message);

    [Fact]
    public void Switch_given_twice() =>
        Assert.Equal("--keep-on-failure given twice; it takes one value", Fails("--keep-on-failure", "--keep-on-failure=false").Message);

    [Fact]
    public void Switch_with_a_bad_value() =>
        Assert.Equal("--keep-on-failure takes true or false, not \"yes\"", Fails("--keep-on-failure=yes").Message);

    [Fact]
    public void Positional_arguments_are_rejected()
    {
        var e = Fails("shop");
        Assert.Equal("shop", e.Input);
        Assert.Equal("unexpected argument \"shop\" for deploy-gray: inputs are given as flags (--name value); see deploy-gray --help", e.Message);
    }

    [Fact]
    public void Double_dash_is_a_positional_argument() =>
        Assert.StartsWith("unexpected argument \"--\" for deploy-gray", Fails("--").Message);

    [Fact]
    public void Switch_followed_by_true_explains_the_equals_form() =>
        Assert.Equal(
            "unexpected argument \"true\" for deploy-gray: --keep-on-failure is a switch; write --keep-on-failure=true",
            Fails("--keep-on-failure", "true").Message);

    [Theory]
    [InlineData("Weight")]
    [InlineData("scale_down")]
    [InlineData("-lead")]
    [InlineData("trail-")]
    [InlineData("double--hyphen")]
    [InlineData("help")]
    public void Bad_input_declarations_are_refused(string name) =>
        Assert.Throws<ArgumentException>(() => new CommandLineParser("x", [new StepInput(name, "d")]));

    [Fact]
    public void Alias_clashing_with_a_name_is_refused() =>
        Assert.Throws<ArgumentException>(() => new CommandLineParser("x", [new StepInput("a", "d"), new StepInput("b", "d", Aliases: ["a"])]));
}
