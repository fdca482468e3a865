using System.Text;

namespace Graylane.Cli.Hosts;

/// <summary>
/// GitHub Actions workflow commands (<c>::name k=v,k=v::data</c>) with the runner's escaping: in data
/// % → %25, \r → %0D, \n → %0A; in property values also : → %3A and , → %2C. Escaped this way a message
/// stays on one line, so user text cannot end the command and start another.
/// </summary>
public static class GitHubCommand
{
    public static string EscapeData(string value) =>
        value.Replace("%", "%25", StringComparison.Ordinal)
            .Replace("\r", "%0D", StringComparison.Ordinal)
            .Replace("\n", "%0A", StringComparison.Ordinal);

    public static string EscapeProperty(string value) =>
        EscapeData(value)
            .Replace(":", "%3A", StringComparison.Ordinal)
            .Replace(",", "%2C", StringComparison.Ordinal);

    public static string Format(string command, string data, IReadOnlyList<KeyValuePair<string, string>>? properties = null)
    {
        var line = new StringBuilder("::").Append(command);
        if (properties is { Count: > 0 })
        {
            line.Append(' ');
            line.Append(string.Join(",", properties.Select(p => p.Key + "=" + EscapeProperty(p.Value))));
        }
        return line.Append("::").Append(EscapeData(data)).ToString();
    }

    /// <summary>
    /// Whether the runner would read this log line as a command: it trims leading whitespace and looks
    /// for "::" at the start, and it still honours the old "##[name]" form anywhere in the line.
    /// </summary>
    public static bool LooksLikeCommand(string line) =>
        line.TrimStart().StartsWith("::", StringComparison.Ordinal) || line.Contains("##[", StringComparison.Ordinal);
}
