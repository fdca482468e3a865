using System.Text.RegularExpressions;

namespace Graylane.LocalCluster.Resources;

/// <summary>Kubernetes version priority: GA before beta before alpha, higher numbers first, others last by name.</summary>
internal sealed partial class KubeVersionComparer : IComparer<string>
{
    public static readonly KubeVersionComparer Instance = new();

    public int Compare(string? x, string? y)
    {
        var a = Rank(x ?? "");
        var b = Rank(y ?? "");
        var c = a.Tier.CompareTo(b.Tier);
        if (c != 0) return c;
        c = b.Major.CompareTo(a.Major);
        if (c != 0) return c;
        c = b.Minor.CompareTo(a.Minor);
        return c != 0 ? c : string.CompareOrdinal(x, y);
    }

    private static (int Tier, int Major, int Minor) Rank(string v)
    {
        var m = Pattern().Match(v);
        if (!m.Success) return (3, 0, 0);
        var major = int.Parse(m.Groups[1].Value);
        var minor = m.Groups[3].Success ? int.Parse(m.Groups[3].Value) : 0;
        var tier = m.Groups[2].Value switch { "" => 0, "beta" => 1, _ => 2 };
        return (tier, major, minor);
    }

    [GeneratedRegex(@"^v(\d+)(?:(alpha|beta)(\d+))?\z")]
    private static partial Regex Pattern();
}
