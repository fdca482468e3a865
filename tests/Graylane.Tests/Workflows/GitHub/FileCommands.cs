namespace Graylane.Tests.Workflows.GitHub;

/// <summary>
/// One step's command files, fresh as the runner makes them (docs "Workflow commands", environment files):
/// GITHUB_OUTPUT and GITHUB_STEP_SUMMARY, and GITHUB_ENV / GITHUB_PATH whose lines change the job's later steps.
/// </summary>
public sealed class FileCommands
{
    private readonly string _dir;

    public FileCommands(string parent)
    {
        _dir = Directory.CreateDirectory(Path.Combine(parent, "commands-" + Guid.NewGuid().ToString("N")[..8])).FullName;
        foreach (var name in new[] { "output", "summary", "env", "path" }) File.WriteAllText(Path.Combine(_dir, name), "");
    }

    public IReadOnlyDictionary<string, string> Variables => new Dictionary<string, string>
    {
        ["GITHUB_OUTPUT"] = Path.Combine(_dir, "output"),
        ["GITHUB_STEP_SUMMARY"] = Path.Combine(_dir, "summary"),
        ["GITHUB_ENV"] = Path.Combine(_dir, "env"),
        ["GITHUB_PATH"] = Path.Combine(_dir, "path"),
    };

    public Dictionary<string, string> Outputs() => OutputFile.Parse(File.ReadAllText(Path.Combine(_dir, "output")));

    public string Summary() => File.ReadAllText(Path.Combine(_dir, "summary"));

    /// <summary>GITHUB_ENV: the same name=value and heredoc syntax as the output file.</summary>
    public Dictionary<string, string> Env() => OutputFile.Parse(File.ReadAllText(Path.Combine(_dir, "env")));

    /// <summary>GITHUB_PATH: one folder per line.</summary>
    public IReadOnlyList<string> PathEntries() =>
        File.ReadAllText(Path.Combine(_dir, "path")).Replace("\r\n", "\n").Split('\n', StringSplitOptions.RemoveEmptyEntries).ToList();
}
