using System.Globalization;
using System.Text.RegularExpressions;

namespace Graylane.LocalCluster.Controllers;

/// <summary>
/// The pod annotation graylane.io/crash-after: "20s" (a Go-style duration: ms, s, m, h, or a sum such as 1m30s) makes the
/// pod's containers exit that long after each start, then CrashLoopBackOff as a crashing container does. Read when the pod
/// is first seen (put it on the Deployment's pod template); an unreadable value is ignored.
/// </summary>
internal static partial class CrashAfter
{
    public const string Annotation = "graylane.io/crash-after";

    [GeneratedRegex("^(?:(\\d+(?:\\.\\d+)?)(ms|s|m|h))+$")]
    private static partial Regex Duration();

    [GeneratedRegex("(\\d+(?:\\.\\d+)?)(ms|s|m|h)")]
    private static partial Regex Part();

    public static TimeSpan? Parse(string? text)
    {
        if (string.IsNullOrWhiteSpace(text) || !Duration().IsMatch(text.Trim())) return null;
        var total = TimeSpan.Zero;
        foreach (Match m in Part().Matches(text.Trim()))
        {
            var n = double.Parse(m.Groups[1].Value, CultureInfo.InvariantCulture);
            total += m.Groups[2].Value switch
            {
                "ms" => TimeSpan.FromMilliseconds(n),
                "s" => TimeSpan.FromSeconds(n),
                "m" => TimeSpan.FromMinutes(n),
                _ => TimeSpan.FromHours(n),
            };
        }
        return total > TimeSpan.Zero ? total : null;
    }
}
