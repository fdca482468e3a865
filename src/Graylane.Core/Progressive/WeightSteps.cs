using System.Globalization;
using Graylane.Core.Validation;

namespace Graylane.Core.Progressive;

/// <summary>shift-traffic --steps and --step-interval as users write them, checked before anything is read or written.</summary>
public static class WeightSteps
{
    public const string StepsInput = "steps";
    public const string IntervalInput = "step-interval";
    public static readonly TimeSpan MinInterval = TimeSpan.FromSeconds(1);
    public static readonly TimeSpan MaxInterval = TimeSpan.FromHours(24);

    /// <summary>"5,25,50,100" → [5, 25, 50, 100]: whole percentages from 1 to 100, strictly increasing.</summary>
    public static IReadOnlyList<int> Parse(string text)
    {
        var parts = text.Split([',', ' ', '\n'], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        if (parts.Length == 0) throw Refuse(text, "it names no weight");
        var steps = new List<int>();
        foreach (var part in parts)
        {
            var p = part.TrimEnd('%');
            if (!int.TryParse(p, NumberStyles.None, CultureInfo.InvariantCulture, out var w) || w is < 1 or > 100)
                throw Refuse(text, $"\"{KubeNames.Printable(part)}\" is not a percentage from 1 to 100");
            if (steps.Count > 0 && w <= steps[^1])
                throw Refuse(text, $"{w} does not come after {steps[^1]}; each step must send more traffic than the one before");
            steps.Add(w);
        }
        if (steps.Count > 20) throw Refuse(text, $"{steps.Count} steps are more than 20");
        return steps;
    }

    public static TimeSpan Interval(string text)
    {
        var interval = Durations.Parse(IntervalInput, text);
        if (interval < MinInterval || interval > MaxInterval)
            throw new InvalidInputException(IntervalInput,
                $"--{IntervalInput} {KubeNames.Printable(text)} is out of range: use from 1s to 24h (how long each step runs before it is analysed)");
        return interval;
    }

    private static InvalidInputException Refuse(string text, string why) => new(StepsInput,
        $"--{StepsInput} \"{KubeNames.Printable(text)}\" is not valid: {why}. Give increasing percentages ending at most at 100, e.g. --steps 5,25,50,100");
}
