using System.Globalization;

namespace Graylane.Core.Validation;

public static class Numbers
{
    /// <summary>The gray share of traffic, 0–100.</summary>
    public static int Weight(string input, string text)
    {
        if (!int.TryParse(text.Trim(), NumberStyles.None, CultureInfo.InvariantCulture, out var w) || w > 100)
            throw new InvalidInputException(input,
                $"--{input} \"{KubeNames.Printable(text)}\" is not a weight: use a whole number from 0 to 100 (the percentage of traffic for the gray version)");
        return w;
    }

    public static int NonNegative(string input, string text, int max = 10_000)
    {
        if (!int.TryParse(text.Trim(), NumberStyles.None, CultureInfo.InvariantCulture, out var n) || n > max)
            throw new InvalidInputException(input,
                $"--{input} \"{KubeNames.Printable(text)}\" is not valid: use a whole number from 0 to {max}");
        return n;
    }

    public static bool Bool(string input, string text) => text.Trim().ToLowerInvariant() switch
    {
        "true" or "yes" or "1" or "on" => true,
        "false" or "no" or "0" or "off" or "" => false,
        _ => throw new InvalidInputException(input, $"--{input} \"{KubeNames.Printable(text)}\" is not a boolean: use true or false"),
    };
}
