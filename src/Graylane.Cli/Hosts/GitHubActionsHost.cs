using System.Text;
using Graylane.Core.Hosting;

namespace Graylane.Cli.Hosts;

/// <summary>
/// Running as a GitHub Action (GITHUB_ACTIONS=true). Inputs come from INPUT_&lt;NAME&gt; (command-line flags
/// given to the container win), outputs go to $GITHUB_OUTPUT, the summary to $GITHUB_STEP_SUMMARY, and
/// logs use workflow commands.
/// <para>
/// Injection: a log line the runner would read as a command (see <see cref="GitHubCommand.LooksLikeCommand"/>)
/// is written between <c>::stop-commands::&lt;random token&gt;</c> and <c>::&lt;token&gt;::</c>, the runner's own way of
/// printing untrusted text: it is shown as is and never executed. Leading spaces would not help, the
/// runner trims them.
/// </para>
/// </summary>
public sealed class GitHubActionsHost : StepHost
{
    private bool _warnedNoSummary;

    public GitHubActionsHost(
        string command,
        IReadOnlyList<StepInput> inputs,
        ParsedCommandLine commandLine,
        IReadOnlyDictionary<string, string> environment,
        TextWriter stdout,
        TextWriter stderr)
        : base(command, inputs, commandLine, environment, stdout, stderr)
    {
        Identity = ReadIdentity();
        MaskSecretInputs();
    }

    public override string Name => "github-actions";
    public override RunIdentity Identity { get; }

    /// <summary>The runner's variable for an action input: upper-cased, spaces → '_', hyphens kept.</summary>
    public static string InputVariable(string name) => "INPUT_" + name.Replace(' ', '_').ToUpperInvariant();

    public override void SetOutput(string name, string value)
    {
        CheckOutputName(name);
        var path = Env("GITHUB_OUTPUT")
            ?? throw new InvalidOperationException(
                $"cannot set output \"{name}\": GITHUB_OUTPUT is not set (the deprecated ::set-output command is not used; update the runner)");
        File.AppendAllText(path, GitHubOutputFile.Format(name, value, GitHubOutputFile.NewDelimiter()), Utf8NoBom);
    }

    public override void AppendSummary(string markdown)
    {
        var path = Env("GITHUB_STEP_SUMMARY");
        if (path is null)
        {
            if (!_warnedNoSummary)
                Warning("GITHUB_STEP_SUMMARY is not set; the job summary is not written");
            _warnedNoSummary = true;
            return;
        }
        var text = Masker.Apply(markdown);
        File.AppendAllText(path, text.EndsWith('\n') ? text : text + "\n", Utf8NoBom);
    }

    public override IDisposable Group(string title)
    {
        WriteLine(GitHubCommand.Format("group", Masker.Apply(title)));
        return new GroupScope(() => WriteLine("::endgroup::"));
    }

    public override void Info(string message)
    {
        var text = Masker.Apply(message);
        if (!text.Split('\n').Any(GitHubCommand.LooksLikeCommand))
        {
            WriteLine(text);
            return;
        }
        var token = "graylane-" + Guid.NewGuid().ToString("N");
        WriteLine("::stop-commands::" + token);
        WriteLine(text);
        WriteLine("::" + token + "::");
    }

    public override void Warning(string message) => WriteLine(GitHubCommand.Format("warning", Masker.Apply(message)));
    public override void Error(string message) => WriteLine(GitHubCommand.Format("error", Masker.Apply(message)));

    /// <summary>A notice annotation, optionally titled (the title is a command property, escaped as one).</summary>
    public void Notice(string message, string? title = null) =>
        WriteLine(GitHubCommand.Format("notice", Masker.Apply(message),
            title is null ? null : [new("title", Masker.Apply(title))]));

    public override void Complete(bool succeeded, string message)
    {
        if (message.Length == 0)
            return;
        if (succeeded)
            Info(message);
        else
            Error(message);
    }

    protected override string? ReadHostInput(StepInput input)
    {
        foreach (var name in (IEnumerable<string>)[input.Name, .. input.Aliases ?? []])
        {
            // Like @actions/core getInput: surrounding whitespace dropped, empty means not given.
            var value = Env(InputVariable(name))?.Trim();
            if (!string.IsNullOrEmpty(value))
                return value;
        }
        return null;
    }

    protected override void EmitMask(string line) => WriteLine(GitHubCommand.Format("add-mask", line));

    private RunIdentity ReadIdentity()
    {
        var runId = Env("GITHUB_RUN_ID");
        string? url = null;
        if (runId is not null && Env("GITHUB_SERVER_URL") is { } server && Env("GITHUB_REPOSITORY") is { } repository)
        {
            url = $"{server.TrimEnd('/')}/{repository}/actions/runs/{runId}";
            if (int.TryParse(Env("GITHUB_RUN_ATTEMPT"), out var attempt) && attempt > 1)
                url += $"/attempts/{attempt}";
        }
        return new RunIdentity(Env("GITHUB_ACTOR") ?? "unknown", runId, url);
    }

    private void WriteLine(string line) => Out.Write(line + "\n");

    private static readonly UTF8Encoding Utf8NoBom = new(encoderShouldEmitUTF8Identifier: false);
}
