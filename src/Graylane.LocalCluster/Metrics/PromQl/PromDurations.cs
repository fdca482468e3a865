using System.Globalization;
using System.Text.RegularExpressions;

namespace Graylane.LocalCluster.Metrics.PromQl;

/// <summary>Prometheus durations: one or more number+unit parts, largest unit first (1h30m, 90s, 500ms); units y w d h m s ms.</summary>
internal static partial class PromDurations
{
    [GeneratedRegex("^(?:(\\d+)y)?(?:(\\d+)w)?(?:(\\d+)d)?(?:(\\d+)h)?(?:(\\d+)m)?(?:(\\d+)s)?(?:(\\d+)ms)?\\z")]
    private static partial Regex Pattern();

    private static readonly double[] UnitSeconds = [365 * 86400, 7 * 86400, 86400, 3600, 60, 1, 0.001];

    public static TimeSpan? Parse(string text)
    {
        if (text.Length == 0 || text == "0") return text == "0" ? TimeSpan.Zero : null;
        var m = Pattern().Match(text);
        if (!m.Success) return null;
        double seconds = 0;
        for (var i = 0; i < UnitSeconds.Length; i++)
            if (m.Groups[i + 1].Success) seconds += long.Parse(m.Groups[i + 1].Value, CultureInfo.InvariantCulture) * UnitSeconds[i];
        return TimeSpan.FromSeconds(seconds);
    }
}
