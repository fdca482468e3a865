namespace Graylane.Cli.Hosts;

/// <summary>
/// The result of parsing a step's command line: input values keyed by canonical kebab-case name
/// (aliases already resolved, repeated values joined with '\n', switches as "true"/"false").
/// </summary>
public sealed class ParsedCommandLine(IReadOnlyDictionary<string, string> values, bool helpRequested)
{
    public static ParsedCommandLine Empty { get; } = new(new Dictionary<string, string>(), false);

    public IReadOnlyDictionary<string, string> Values { get; } = values;

    /// <summary>--help or -h was given; the caller prints <see cref="HelpText"/> instead of running.</summary>
    public bool HelpRequested { get; } = helpRequested;

    public string? Get(string name) => Values.TryGetValue(name, out var value) ? value : null;
}
