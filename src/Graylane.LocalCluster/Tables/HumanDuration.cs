using System.Globalization;

namespace Graylane.LocalCluster.Tables;

/// <summary>apimachinery's duration.HumanDuration: the AGE column ("45s", "3m20s", "5h", "2d3h", "1y30d").</summary>
internal static class HumanDuration
{
    public static string Format(TimeSpan d)
    {
        var seconds = (long)Math.Floor(d.TotalSeconds);
        if (seconds < -1) return "<invalid>";
        if (seconds < 0) return "0s";
        if (seconds < 60 * 2) return $"{seconds}s";
        var minutes = seconds / 60;
        if (minutes < 10)
        {
            var s = seconds % 60;
            return s == 0 ? $"{minutes}m" : $"{minutes}m{s}s";
        }
        if (minutes < 60 * 3) return $"{minutes}m";
        var hours = minutes / 60;
        if (hours < 8)
        {
            var m = minutes % 60;
            return m == 0 ? $"{hours}h" : $"{hours}h{m}m";
        }
        if (hours < 48) return $"{hours}h";
        if (hours < 24 * 8)
        {
            var h = hours % 24;
            return h == 0 ? $"{hours / 24}d" : $"{hours / 24}d{h}h";
        }
        if (hours < 24 * 365 * 2) return $"{hours / 24}d";
        if (hours < 24 * 365 * 8)
        {
            var dy = hours / 24 % 365;
            return dy == 0 ? $"{hours / 24 / 365}y" : $"{hours / 24 / 365}y{dy}d";
        }
        return $"{hours / 24 / 365}y";
    }

    /// <summary>The age of an RFC 3339 timestamp at now; "&lt;unknown&gt;" when absent, "&lt;invalid&gt;" when unreadable.</summary>
    public static string Since(string? timestamp, DateTimeOffset now)
    {
        if (string.IsNullOrEmpty(timestamp)) return "<unknown>";
        return DateTimeOffset.TryParse(timestamp, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var t)
            ? Format(now - t)
            : "<invalid>";
    }
}
