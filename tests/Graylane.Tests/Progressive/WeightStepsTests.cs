using Graylane.Core.Progressive;
using Graylane.Core.Validation;

namespace Graylane.Tests.Progressive;

public class WeightStepsTests
{
    [Theory]
    [InlineData("5,25,50,100", new[] { 5, 25, 50, 100 })]
    [InlineData(" 10, 50 ", new[] { 10, 50 })]
    [InlineData("10%,100%", new[] { 10, 100 })]
    [InlineData("100", new[] { 100 })]
    public void Increasing_percentages_parse(string text, int[] expected) => Assert.Equal(expected, WeightSteps.Parse(text));

    [Theory]
    [InlineData("25,5", "5 does not come after 25")]
    [InlineData("5,5", "5 does not come after 5")]
    [InlineData("5,150", "\"150\" is not a percentage from 1 to 100")]
    [InlineData("0,50", "\"0\" is not a percentage from 1 to 100")]
    [InlineData("five", "\"five\" is not a percentage")]
    [InlineData(",", "names no weight")]
    public void Other_steps_are_refused_naming_what_is_valid(string text, string why)
    {
        var ex = Assert.Throws<InvalidInputException>(() => WeightSteps.Parse(text));
        Assert.Equal("steps", ex.Input);
        Assert.Contains(why, ex.Message);
        Assert.Contains("increasing percentages ending at most at 100", ex.Message);
    }

    [Theory]
    [InlineData("1s", 1)]
    [InlineData("2m", 120)]
    [InlineData("24h", 86400)]
    public void Intervals_from_one_second_to_a_day(string text, int seconds) => Assert.Equal(TimeSpan.FromSeconds(seconds), WeightSteps.Interval(text));

    [Theory]
    [InlineData("500ms")]
    [InlineData("25h")]
    [InlineData("0")]
    public void Intervals_outside_are_refused(string text)
    {
        var ex = Assert.Throws<InvalidInputException>(() => WeightSteps.Interval(text));
        Assert.Equal("step-interval", ex.Input);
        Assert.Contains("from 1s to 24h", ex.Message);
    }
}
