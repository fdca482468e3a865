using System.Text;
using Graylane.Core.Hosting;

namespace Graylane.Cli.Hosts;

/// <summary>
/// A plain terminal: info to stdout, warnings and errors to stderr with a prefix, outputs printed as
/// name=value when the step completes. There is no runner to mask secrets, so every line is masked here.
/// </summary>
public sealed class CliHost : StepHost
{
    private readonly List<KeyValuePair<string, string>> _outputs = [];
    private readonly StringBuilder _summary = new();

    public CliHost(
        string command,
        IReadOnlyList<StepInput> inputs,
        ParsedCommandLine commandLine,
        IReadOnlyDictionary<string, string> environment,
        TextWriter stdout,
        TextWriter stderr)
        : base(command, inputs, commandLine, environment, stdout, stderr)
    {
        Identity = new RunIdentity(Env("USER") ?? Env("USERNAME") ?? "unknown", null, null);
        MaskSecretInputs();
    }

    public override string Name => "cli";
    public override RunIdentity Identity { get; }

    /// <summary>Outputs in the order first set; setting one again replaces its value.</summary>
    public IReadOnlyList<KeyValuePair<string, string>> Outputs => _outputs;

    public override void SetOutput(string name, string value)
    {
        CheckOutputName(name);
        var index = _outputs.FindIndex(o => o.Key == name);
        if (index >= 0)
            _outputs[index] = new(name, value);
        else
            _outputs.Add(new(name, value));
    }

    public override void AppendSummary(string markdown)
    {
        _summary.Append(markdown);
        if (!markdown.EndsWith('\n'))
            _summary.Append('\n');
    }

    public void WriteSummaryTo(TextWriter writer) => writer.Write(Masker.Apply(_summary.ToString()));

    /// <summary>name=value per output; the lines after the first of a multi-line value are indented two spaces.</summary>
    public void WriteOutputsTo(TextWriter writer)
    {
        foreach (var (name, value) in _outputs)
        {
            var lines = Masker.Apply(value).ReplaceLineEndings("\n").Split('\n');
            writer.Write($"{name}={lines[0]}\n");
            foreach (var line in lines.Skip(1))
                writer.Write($"  {line}\n");
        }
    }

    public override IDisposable Group(string title)
    {
        Out.Write($"== {Masker.Apply(title)} ==\n");
        return new GroupScope(() => { });
    }

    public override void Info(string message) => Out.Write(Masker.Apply(message) + "\n");
    public override void Warning(string message) => Err.Write("warning: " + Masker.Apply(message) + "\n");
    public override void Error(string message) => Err.Write("error: " + Masker.Apply(message) + "\n");

    public override void Complete(bool succeeded, string message)
    {
        WriteOutputsTo(Out);
        if (message.Length == 0)
            return;
        if (succeeded)
            Info(message);
        else
            Error(message);
    }

    protected override void EmitMask(string line)
    {
        // Nothing to tell: this host masks everything it writes itself.
    }
}
