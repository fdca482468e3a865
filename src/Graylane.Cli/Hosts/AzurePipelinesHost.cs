using Graylane.Core.Validation;
using System.Text;
using Graylane.Core.Hosting;

namespace Graylane.Cli.Hosts;

/// <summary>
/// Running as an Azure Pipelines task (TF_BUILD=True). Inputs come from INPUT_&lt;CAMELNAME UPPER-CASED&gt;
/// (command-line flags win), everything else is a ##vso logging command on stdout. Plain log lines are
/// neutralised (<see cref="AzureCommand.Neutralise"/>) so user text never runs as a command.
/// The summary is kept in memory and uploaded by <see cref="Complete"/> (or <see cref="UploadSummary"/>):
/// the agent may read the file as soon as it sees the command, so the file is written complete, once.
/// </summary>
public sealed class AzurePipelinesHost : StepHost
{
    private readonly StringBuilder _summary = new();

    public AzurePipelinesHost(
        string command,
        IReadOnlyList<StepInput> inputs,
        ParsedCommandLine commandLine,
        IReadOnlyDictionary<string, string> environment,
        TextWriter stdout,
        TextWriter stderr)
        : base(command, inputs, commandLine, environment, stdout, stderr)
    {
        AzureInputNames.CheckNames(command, inputs);
        Identity = ReadIdentity();
        MaskSecretInputs();
    }

    public override string Name => "azure-pipelines";
    public override RunIdentity Identity { get; }

    public override void SetOutput(string name, string value)
    {
        CheckOutputName(name);
        // camelCase for scripts and the documented name rules, the kebab-case name for pipelines written against 1.0.
        foreach (var variable in AzureOutputNames.Names(name))
            WriteLine(AzureCommand.Format("task.setvariable", value, [new("variable", variable), new("isOutput", "true")]));
    }

    public override void AppendSummary(string markdown)
    {
        _summary.Append(markdown);
        if (!markdown.EndsWith('\n'))
            _summary.Append('\n');
    }

    /// <summary>
    /// Writes the summary gathered so far to a new .md file in the agent's temp directory and uploads it;
    /// returns the path, or null when there was nothing to upload.
    /// </summary>
    public string? UploadSummary()
    {
        if (_summary.Length == 0)
            return null;
        var directory = Env("AGENT_TEMPDIRECTORY") ?? Path.GetTempPath();
        var path = Path.Combine(directory, $"graylane-{Command}-{Guid.NewGuid():N}.md");
        File.WriteAllText(path, Masker.Apply(_summary.ToString()), new UTF8Encoding(false));
        _summary.Clear();
        WriteLine(AzureCommand.Format("task.uploadsummary", path));
        return path;
    }

    public override IDisposable Group(string title)
    {
        WriteLine("##[group]" + OneLine(Masker.Apply(title)));
        return new GroupScope(() => WriteLine("##[endgroup]"));
    }

    public override void Info(string message)
    {
        foreach (var line in Masker.Apply(message).Split('\n'))
            WriteLine(AzureCommand.Neutralise(line.TrimEnd('\r')));
    }

    public override void Warning(string message) =>
        WriteLine(AzureCommand.Format("task.logissue", Masker.Apply(message), [new("type", "warning")]));

    public override void Error(string message) =>
        WriteLine(AzureCommand.Format("task.logissue", Masker.Apply(message), [new("type", "error")]));

    /// <summary>Uploads any summary, then sets the task result with the message.</summary>
    public override void Complete(bool succeeded, string message)
    {
        UploadSummary();
        WriteLine($"##vso[task.complete result={(succeeded ? "Succeeded" : "Failed")};]{AzureCommand.EscapeData(Masker.Apply(message))}");
    }

    /// <summary>
    /// The kubeconfig of the Kubernetes service connection named by an input (e.g. "kubernetes-service-connection"),
    /// with its credentials masked before it is returned; a token decoded from base64 is unknown to the agent's masker.
    /// </summary>
    public string ReadServiceConnectionKubeconfig(string connectionInput)
    {
        var id = GetInput(connectionInput)
            ?? throw new InvalidInputException(connectionInput, StepInputs.RequiredMessage(Command, connectionInput));
        var kubeconfig = AzureServiceConnection.ReadKubeconfig(Environment, id);
        foreach (var secret in SecretScanner.KubeconfigSecrets(kubeconfig))
            MaskSecret(secret);
        return kubeconfig;
    }

    protected override string? ReadHostInput(StepInput input)
    {
        foreach (var name in (IEnumerable<string>)[input.Name, .. input.Aliases ?? []])
        {
            var value = Env(AzureInputNames.EnvironmentVariable(name))?.Trim();
            if (!string.IsNullOrEmpty(value))
                return value;
        }
        return null;
    }

    protected override void EmitMask(string line) => WriteLine(AzureCommand.Format("task.setsecret", line));

    private RunIdentity ReadIdentity()
    {
        var buildId = Env("BUILD_BUILDID");
        string? url = null;
        if (buildId is not null && Env("SYSTEM_COLLECTIONURI") is { } collection && Env("SYSTEM_TEAMPROJECT") is { } project)
        {
            var root = collection.EndsWith('/') ? collection : collection + "/";
            url = $"{root}{Uri.EscapeDataString(project)}/_build/results?buildId={Uri.EscapeDataString(buildId)}";
        }
        return new RunIdentity(Env("BUILD_REQUESTEDFOR") ?? "unknown", buildId, url);
    }

    private static string OneLine(string text) => text.ReplaceLineEndings(" ");

    private void WriteLine(string line) => Out.Write(line + "\n");
}
