namespace Graylane.Cli.Hosts;

/// <summary>
/// The $GITHUB_OUTPUT file format. Every value is written in the heredoc form
/// <c>name&lt;&lt;ghadelimiter_&lt;guid&gt;</c>, value lines, delimiter line, with a fresh random delimiter,
/// because the runner reads the file line by line: a value could otherwise forge another output.
/// </summary>
public static class GitHubOutputFile
{
    public static string NewDelimiter() => "ghadelimiter_" + Guid.NewGuid().ToString();

    public static string Format(string name, string value, string delimiter)
    {
        // The runner reads "name<<delim" as heredoc and "name=value" as a single line; whichever of
        // "<<" and "=" comes first in the line decides, so neither may appear in a name.
        if (name.Contains('\n') || name.Contains('\r'))
            throw new ArgumentException($"output name \"{name.ReplaceLineEndings(" ")}\" contains a line break", nameof(name));
        if (name.Contains('=') || name.Contains("<<", StringComparison.Ordinal))
            throw new ArgumentException($"output name \"{name}\" contains '=' or '<<', which the runner reads as the end of the name", nameof(name));
        if (name.Contains(delimiter, StringComparison.Ordinal))
            throw new ArgumentException($"output name \"{name}\" contains the delimiter {delimiter}", nameof(name));
        if (value.Contains(delimiter, StringComparison.Ordinal))
            throw new ArgumentException($"value of output \"{name}\" contains the delimiter {delimiter}", nameof(value));
        return $"{name}<<{delimiter}\n{value}\n{delimiter}\n";
    }
}
