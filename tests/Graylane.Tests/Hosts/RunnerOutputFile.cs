namespace Graylane.Tests.Hosts;

/// <summary>
/// Reads a $GITHUB_OUTPUT file the way the Actions runner does: line by line (any of \r\n, \n, \r ends a
/// line); "name&lt;&lt;DELIM" starts a heredoc ended by a line equal to DELIM; otherwise "name=value". Whichever
/// of "&lt;&lt;" and "=" comes first decides. A missing delimiter or a line of neither form is an error.
/// </summary>
internal static class RunnerOutputFile
{
    public static List<KeyValuePair<string, string>> Parse(string content)
    {
        var lines = ReadLines(content);
        var result = new List<KeyValuePair<string, string>>();
        for (var i = 0; i < lines.Count; i++)
        {
            var line = lines[i];
            if (line.Length == 0)
                continue;
            var equals = line.IndexOf('=');
            var heredoc = line.IndexOf("<<", StringComparison.Ordinal);
            string key, value;
            if (heredoc >= 0 && (equals < 0 || heredoc < equals))
            {
                key = line[..heredoc];
                var delimiter = line[(heredoc + 2)..];
                if (delimiter.Length == 0)
                    throw new FormatException($"empty delimiter for {key}");
                var body = new List<string>();
                while (true)
                {
                    i++;
                    if (i >= lines.Count)
                        throw new FormatException($"matching delimiter not found '{delimiter}'");
                    if (lines[i] == delimiter)
                        break;
                    body.Add(lines[i]);
                }
                value = string.Join("\n", body);
            }
            else if (equals > 0)
            {
                key = line[..equals];
                value = line[(equals + 1)..];
            }
            else
            {
                throw new FormatException($"invalid format '{line}'");
            }
            if (key.Length == 0)
                throw new FormatException("empty name");
            result.Add(new(key, value));
        }
        return result;
    }

    private static List<string> ReadLines(string content)
    {
        var lines = new List<string>();
        using var reader = new StringReader(content);
        while (reader.ReadLine() is { } line)
            lines.Add(line);
        return lines;
    }
}
