using System.Text.RegularExpressions;

namespace Graylane.Core.Validation;

/// <summary>Kubernetes' own name and label rules, so bad values fail here with a clear message, not at the API.</summary>
public static partial class KubeNames
{
    [GeneratedRegex("^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*\\z")]
    private static partial Regex Subdomain();

    [GeneratedRegex("^[a-z0-9]([-a-z0-9]*[a-z0-9])?\\z")]
    private static partial Regex Label();

    [GeneratedRegex("^[A-Za-z0-9]([-A-Za-z0-9_.]*[A-Za-z0-9])?\\z")]
    private static partial Regex LabelValuePattern();

    public static bool IsDnsSubdomain(string s) => s.Length is > 0 and <= 253 && Subdomain().IsMatch(s);

    public static bool IsDnsLabel(string s) => s.Length is > 0 and <= 63 && Label().IsMatch(s);

    public static bool IsLabelValue(string s) => s.Length == 0 || (s.Length <= 63 && LabelValuePattern().IsMatch(s));

    public static bool IsLabelKey(string s)
    {
        var slash = s.LastIndexOf('/');
        var name = slash < 0 ? s : s[(slash + 1)..];
        var prefix = slash < 0 ? null : s[..slash];
        return name.Length is > 0 and <= 63 && LabelValuePattern().IsMatch(name) &&
               (prefix is null || (prefix.Length <= 253 && IsDnsSubdomain(prefix)));
    }

    public static string DnsSubdomain(string input, string value)
    {
        if (!IsDnsSubdomain(value))
            throw new InvalidInputException(input,
                $"{Show(input)} \"{Printable(value)}\" is not a valid Kubernetes name: use lower-case letters, digits, '-' and '.', starting and ending with a letter or digit, at most 253 characters");
        return value;
    }

    public static string DnsLabel(string input, string value)
    {
        if (!IsDnsLabel(value))
            throw new InvalidInputException(input,
                $"{Show(input)} \"{Printable(value)}\" is not a valid name: use lower-case letters, digits and '-', starting and ending with a letter or digit, at most 63 characters");
        return value;
    }

    public static string LabelValue(string input, string value)
    {
        if (value.Length == 0 || !IsLabelValue(value))
            throw new InvalidInputException(input,
                $"{Show(input)} \"{Printable(value)}\" is not a valid label value: use letters, digits, '-', '_' and '.', starting and ending with a letter or digit, at most 63 characters (e.g. v2 or 20230401095436)");
        return value;
    }

    public static string LabelKey(string input, string value)
    {
        if (!IsLabelKey(value))
            throw new InvalidInputException(input,
                $"{Show(input)} \"{Printable(value)}\" is not a valid label key: an optional DNS prefix and '/', then letters, digits, '-', '_' and '.', at most 63 characters (e.g. version or app.kubernetes.io/version)");
        return value;
    }

    internal static string Show(string input) => $"--{input}";

    /// <summary>Shows control characters escaped so a bad value cannot forge log lines or workflow commands.</summary>
    public static string Printable(string value)
    {
        var shown = value.Length > 80 ? value[..80] + "…" : value;
        var sb = new System.Text.StringBuilder(shown.Length);
        foreach (var c in shown)
            sb.Append(char.IsControl(c) ? $"\\u{(int)c:x4}" : c.ToString());
        return sb.ToString();
    }
}
