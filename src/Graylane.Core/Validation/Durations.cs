using System.Globalization;
using System.Text.RegularExpressions;

namespace Graylane.Core.Validation;

/// <summary>Durations as users write them in workflows: 90s, 10m, 1h30m, 500ms, 12h, or plain seconds.</summary>
public static partial class Durations
{
    [GeneratedRegex("^(?:(\\d+)h)?(?:(\\d+)m(?!s))?(?:(\\d+)s)?(?:(\\d+)ms)?\\z")]
    private static partial Regex Parts();

    public static TimeSpan Parse(string input, string text)
    {
        var t = text.Trim();
        if (long.TryParse(t, NumberStyles.None, CultureInfo.InvariantCulture, out var seconds) && seconds <= 10_000_000)
            return TimeSpan.FromSeconds(seconds);
        var m = Parts().Match(t);
        if (t.Length > 0 && m.Success)
        {
            long Part(int i) => m.Groups[i].Success ? long.Parse(m.Groups[i].Value, CultureInfo.InvariantCulture) : 0;
            if (Part(1) <= 100_000 && Part(2) <= 10_000_000 && Part(3) <= 100_000_000)
                return TimeSpan.FromHours(Part(1)) + TimeSpan.FromMinutes(Part(2)) + TimeSpan.FromSeconds(Part(3)) + TimeSpan.FromMilliseconds(Part(4));
        }
        throw new InvalidInputException(input,
            $"--{input} \"{KubeNames.Printable(text)}\" is not a duration: use e.g. 30s, 10m, 1h30m, 500ms, or a number of seconds");
    }

    public static string Format(TimeSpan d) =>
        d.TotalSeconds < 1 ? $"{d.TotalMilliseconds:0}ms"
        : d.TotalMinutes < 1 ? $"{d.TotalSeconds:0.#}s"
        : d.TotalHours < 1 ? $"{(int)d.TotalMinutes}m{(d.Seconds > 0 ? $"{d.Seconds}s" : "")}"
        : $"{(int)d.TotalHours}h{(d.Minutes > 0 ? $"{d.Minutes}m" : "")}";
}
