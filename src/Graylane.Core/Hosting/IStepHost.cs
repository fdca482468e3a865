namespace Graylane.Core.Hosting;

/// <summary>
/// The place the graylane binary runs (plain CLI, GitHub Actions, Azure Pipelines): where inputs come
/// from and where logs, outputs and the job summary go. Steps talk only to this, never to the
/// environment, so one step implementation serves every host.
/// </summary>
public interface IStepHost
{
    /// <summary>Short host name for logs and history, e.g. "cli", "github-actions".</summary>
    string Name { get; }

    /// <summary>Who runs the step and from which run (for the release history and lock holder).</summary>
    RunIdentity Identity { get; }

    /// <summary>
    /// The raw value of an input by its kebab-case name (e.g. "scale-down-delay"), or null when not given.
    /// Inputs that may be repeated on the command line (e.g. --match) arrive joined with '\n'.
    /// </summary>
    string? GetInput(string name);

    /// <summary>Sets a step output (GitHub: $GITHUB_OUTPUT; CLI: printed as name=value at the end).</summary>
    void SetOutput(string name, string value);

    /// <summary>Appends Markdown to the job summary (GitHub: $GITHUB_STEP_SUMMARY; CLI: ignored or printed).</summary>
    void AppendSummary(string markdown);

    /// <summary>Starts a collapsible log group for one phase; dispose to end it.</summary>
    IDisposable Group(string title);

    void Info(string message);
    void Warning(string message);
    void Error(string message);

    /// <summary>Registers a secret so that the host hides it in every later log line.</summary>
    void MaskSecret(string value);
}
