using System.Globalization;

namespace Graylane.LocalCluster.Validation.Cel.Runtime;

/// <summary>
/// Go's time.ParseDuration ("1h30m", "1.5s", "250ms", "-2us"), which CEL's duration() uses, and CEL's string form of a
/// duration (seconds with an "s"). Held as TimeSpan: 100 ns resolution, so nanosecond differences are lost.
/// </summary>
internal static class GoDuration
{
    private static readonly (string Unit, double Nanos)[] Units =
    [
        ("ns", 1), ("us", 1e3), ("µs", 1e3), ("μs", 1e3), ("ms", 1e6), ("s", 1e9), ("m", 60e9), ("h", 3600e9),
    ];

    public static TimeSpan Parse(string s)
    {
        var original = s;
        var negative = false;
        if (s.Length > 0 && s[0] is '-' or '+')
        {
            negative = s[0] == '-';
            s = s[1..];
        }
        if (s == "0") return TimeSpan.Zero;
        if (s.Length == 0) throw Invalid(original);
        double total = 0;
        var i = 0;
        while (i < s.Length)
        {
            var start = i;
            while (i < s.Length && (char.IsAsciiDigit(s[i]) || s[i] == '.')) i++;
            var number = s[start..i];
            if (number.Length == 0 || number == "." || number.Count(ch => ch == '.') > 1) throw Invalid(original);
            var unitStart = i;
            while (i < s.Length && !char.IsAsciiDigit(s[i]) && s[i] != '.') i++;
            var unit = s[unitStart..i];
            var match = Units.FirstOrDefault(u => u.Unit == unit);
            if (match.Unit is null)
                throw new CelError(unit.Length == 0 ? $"time: missing unit in duration \"{original}\"" : $"time: unknown unit \"{unit}\" in duration \"{original}\"");
            total += double.Parse(number, CultureInfo.InvariantCulture) * match.Nanos;
        }
        if (total > long.MaxValue) throw Invalid(original);
        return TimeSpan.FromTicks((long)Math.Round(total / 100) * (negative ? -1 : 1));
    }

    /// <summary>cel-go prints durations as fractional seconds: "90s", "0.25s".</summary>
    public static string Format(TimeSpan d) =>
        (d.Ticks / 1e7).ToString("0.#########", CultureInfo.InvariantCulture) + "s";

    private static CelError Invalid(string s) => new($"time: invalid duration \"{s}\"");
}
