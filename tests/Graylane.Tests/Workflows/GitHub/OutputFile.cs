namespace Graylane.Tests.Workflows.GitHub;

/// <summary>
/// Reads $GITHUB_OUTPUT as the runner does (actions/runner SetOutputFileCommand): `name=value` lines, and
/// `name&lt;&lt;DELIMITER` … `DELIMITER` blocks for multi-line values. A later value of a name wins.
/// </summary>
public static class OutputFile
{
    public static Dictionary<string, string> Parse(string text)
    {
        var outputs = new Dictionary<string, string>(StringComparer.Ordinal);
        var lines = text.Replace("\r\n", "\n").Split('\n');
        for (var i = 0; i < lines.Length; i++)
        {
            var line = lines[i];
            if (line.Length == 0) continue;
            var equals = line.IndexOf('=');
            var heredoc = line.IndexOf("<<", StringComparison.Ordinal);
            if (equals >= 0 && (heredoc < 0 || equals < heredoc))
            {
                outputs[line[..equals]] = line[(equals + 1)..];
                continue;
            }
            if (heredoc <= 0) throw new InvalidDataException($"invalid line in the output file: \"{line}\"");
            var name = line[..heredoc];
            var delimiter = line[(heredoc + 2)..];
            var value = new List<string>();
            for (i++; ; i++)
            {
                if (i >= lines.Length) throw new InvalidDataException($"output {name}: delimiter {delimiter} not found");
                if (lines[i] == delimiter) break;
                value.Add(lines[i]);
            }
            outputs[name] = string.Join("\n", value);
        }
        return outputs;
    }
}
