namespace Graylane.Cli.Hosts;

/// <summary>
/// Replaces registered secrets with *** in text this process writes. Hosts mask locally even where the
/// runner masks too, because the runner only learns a secret when it reads our mask command.
/// </summary>
public sealed class SecretMasker
{
    public const string Mask = "***";

    private readonly List<string> _secrets = [];

    public IReadOnlyList<string> Secrets => _secrets;

    /// <summary>
    /// Registers the value and, for a multi-line value, each line on its own (the way runners do),
    /// so a secret printed one line at a time is still hidden. Returns the strings newly registered.
    /// </summary>
    public IReadOnlyList<string> Add(string value)
    {
        var added = new List<string>();
        foreach (var piece in Pieces(value))
        {
            if (_secrets.Contains(piece))
                continue;
            _secrets.Add(piece);
            added.Add(piece);
        }
        // Longest first, so a secret that contains another is replaced whole.
        _secrets.Sort((a, b) => b.Length.CompareTo(a.Length));
        return added;
    }

    public string Apply(string text)
    {
        foreach (var secret in _secrets)
            text = text.Replace(secret, Mask, StringComparison.Ordinal);
        return text;
    }

    /// <summary>The non-blank lines of a secret, trailing '\r' removed; the one-line value itself otherwise.</summary>
    public static IReadOnlyList<string> Lines(string value)
    {
        var lines = new List<string>();
        foreach (var raw in value.Split('\n'))
        {
            var line = raw.TrimEnd('\r');
            if (!string.IsNullOrWhiteSpace(line) && !lines.Contains(line))
                lines.Add(line);
        }
        return lines;
    }

    private static IEnumerable<string> Pieces(string value)
    {
        if (string.IsNullOrWhiteSpace(value))
            yield break;
        yield return value;
        if (value.Contains('\n'))
            foreach (var line in Lines(value))
                yield return line;
    }
}
