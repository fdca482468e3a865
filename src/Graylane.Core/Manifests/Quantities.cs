using System.Globalization;

namespace Graylane.Core.Manifests;

/// <summary>Kubernetes resource quantities ("500m", "0.5", "1Gi", "1e3") compared by value, as the API server canonicalises them.</summary>
public static class Quantities
{
    private static readonly (string Suffix, decimal Factor)[] Suffixes =
    [
        ("Ki", 1024m), ("Mi", 1024m * 1024), ("Gi", 1024m * 1024 * 1024), ("Ti", 1024m * 1024 * 1024 * 1024),
        ("Pi", 1024m * 1024 * 1024 * 1024 * 1024), ("Ei", 1024m * 1024 * 1024 * 1024 * 1024 * 1024),
        ("n", 0.000000001m), ("u", 0.000001m), ("m", 0.001m), ("k", 1000m), ("M", 1000_000m), ("G", 1000_000_000m),
        ("T", 1000_000_000_000m), ("P", 1000_000_000_000_000m), ("E", 1000_000_000_000_000_000m),
    ];

    public static decimal? Parse(string text)
    {
        var s = text.Trim();
        foreach (var (suffix, factor) in Suffixes)
            if (s.EndsWith(suffix, StringComparison.Ordinal) && decimal.TryParse(s[..^suffix.Length], NumberStyles.AllowDecimalPoint | NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var n))
                return n * factor;
        return decimal.TryParse(s, NumberStyles.Float, CultureInfo.InvariantCulture, out var plain) ? plain : null;
    }

    public static bool Same(string a, string b) => a == b || (Parse(a) is { } x && Parse(b) is { } y && x == y);
}
