using Graylane.Core.Hosting;

namespace Graylane.Cli.Hosts;

/// <summary>
/// What every host shares: the declared inputs, command-line values (which win over the host's own
/// input source), local secret masking, and the end-of-step <see cref="Complete"/>. Hosts take the
/// environment and writers as parameters and never read the process environment, so tests are hermetic.
/// </summary>
public abstract class StepHost : IStepHost
{
    private readonly Dictionary<string, StepInput> _inputsByName = new(StringComparer.Ordinal);

    protected StepHost(
        string command,
        IReadOnlyList<StepInput> inputs,
        ParsedCommandLine commandLine,
        IReadOnlyDictionary<string, string> environment,
        TextWriter stdout,
        TextWriter stderr)
    {
        Command = command;
        Inputs = inputs;
        CommandLine = commandLine;
        Environment = environment;
        Out = stdout;
        Err = stderr;
        foreach (var input in inputs)
            _inputsByName[input.Name] = input;
    }

    /// <summary>The step command, e.g. "deploy-gray"; used in messages.</summary>
    public string Command { get; }
    public IReadOnlyList<StepInput> Inputs { get; }
    public ParsedCommandLine CommandLine { get; }

    /// <summary>--help/-h was on the command line: print <see cref="HelpText"/> and do not run the step.</summary>
    public bool HelpRequested => CommandLine.HelpRequested;

    protected IReadOnlyDictionary<string, string> Environment { get; }
    protected TextWriter Out { get; }
    protected TextWriter Err { get; }
    protected SecretMasker Masker { get; } = new();

    public abstract string Name { get; }
    public abstract RunIdentity Identity { get; }

    public string? GetInput(string name)
    {
        if (!_inputsByName.TryGetValue(name, out var input))
            throw new ArgumentException($"{Command} asked for input \"{name}\", which it does not declare", nameof(name));
        return CommandLine.Get(input.Name) ?? ReadHostInput(input);
    }

    public void MaskSecret(string value)
    {
        var added = Masker.Add(value);
        foreach (var line in SecretMasker.Lines(value))
            if (added.Contains(line))
                EmitMask(line);
    }

    public abstract void SetOutput(string name, string value);
    public abstract void AppendSummary(string markdown);
    public abstract IDisposable Group(string title);
    public abstract void Info(string message);
    public abstract void Warning(string message);
    public abstract void Error(string message);

    /// <summary>
    /// Ends the step: the CLI prints its outputs, Azure uploads the summary and sets the task result.
    /// The message is the step's last word (why it failed, or what it did).
    /// </summary>
    public abstract void Complete(bool succeeded, string message);

    /// <summary>The value the host itself supplies (INPUT_ variables), or null; command-line values are checked first.</summary>
    protected virtual string? ReadHostInput(StepInput input) => null;

    /// <summary>Tells the runner about one line of a secret (the runner masks line by line).</summary>
    protected abstract void EmitMask(string line);

    /// <summary>
    /// Called at the end of each host's constructor, before anything is logged: masks Secret inputs and
    /// the credentials inside any kubeconfig given as content. A kubeconfig is masked by its credentials
    /// only, even when marked Secret, because masking it line by line would hide "kind: Config" everywhere.
    /// </summary>
    protected void MaskSecretInputs()
    {
        foreach (var input in Inputs)
        {
            var value = GetInput(input.Name);
            if (string.IsNullOrWhiteSpace(value))
                continue;
            if (value.Contains('\n') && SecretScanner.IsKubeconfig(value))
            {
                foreach (var secret in SecretScanner.KubeconfigSecrets(value))
                    MaskSecret(secret);
            }
            else if (input.Secret)
            {
                MaskSecret(value);
            }
        }
    }

    protected string? Env(string name) =>
        Environment.TryGetValue(name, out var value) && value.Length > 0 ? value : null;

    /// <summary>Output names become file keys and command properties; a newline in one would forge another.</summary>
    protected static void CheckOutputName(string name)
    {
        if (string.IsNullOrWhiteSpace(name))
            throw new ArgumentException("an output name must not be empty", nameof(name));
        if (name.Contains('\n') || name.Contains('\r'))
            throw new ArgumentException($"output name \"{name.ReplaceLineEndings(" ")}\" contains a line break", nameof(name));
    }
}
