namespace Graylane.Cli.Hosts;

/// <summary>
/// Azure Pipelines logging commands (<c>##vso[area.action k=v;k=v]data</c>) with the agent's escaping, as
/// the task library writes them: in data % → %AZP25, \r → %0D, \n → %0A; in property values also
/// ] → %5D and ; → %3B.
/// </summary>
public static class AzureCommand
{
    public static string EscapeData(string value) =>
        value.Replace("%", "%AZP25", StringComparison.Ordinal)
            .Replace("\r", "%0D", StringComparison.Ordinal)
            .Replace("\n", "%0A", StringComparison.Ordinal);

    public static string EscapeProperty(string value) =>
        EscapeData(value)
            .Replace("]", "%5D", StringComparison.Ordinal)
            .Replace(";", "%3B", StringComparison.Ordinal);

    public static string Format(string command, string data, IReadOnlyList<KeyValuePair<string, string>>? properties = null)
    {
        var props = properties is { Count: > 0 }
            ? " " + string.Join(";", properties.Select(p => p.Key + "=" + EscapeProperty(p.Value)))
            : "";
        return $"##vso[{command}{props}]{EscapeData(data)}";
    }

    /// <summary>
    /// Makes a plain log line inert: the agent runs "##vso[" anywhere in a line and formats lines that
    /// start with "##[" (group, error, section…). A space after the "##" keeps the text readable.
    /// </summary>
    public static string Neutralise(string line)
    {
        line = line.Replace("##vso[", "##vso [", StringComparison.OrdinalIgnoreCase);
        var start = line.Length - line.TrimStart().Length;
        return line.AsSpan(start).StartsWith("##[", StringComparison.Ordinal)
            ? string.Concat(line.AsSpan(0, start), "## [", line.AsSpan(start + 3))
            : line;
    }
}
