using Graylane.Core.Hosting;

namespace Graylane.Cli.Hosts;

/// <summary>
/// Reads a step's inputs through the host, applying declared defaults and enforcing Required — the
/// GitHub runner never enforces required: inputs and Azure only checks them in the editor, so we must.
/// </summary>
public sealed class InputValues
{
    private readonly IStepHost _host;
    private readonly Dictionary<string, StepInput> _inputs = new(StringComparer.Ordinal);

    public InputValues(IStepHost host, string command, IReadOnlyList<StepInput> inputs)
    {
        _host = host;
        Command = command;
        foreach (var input in inputs)
            _inputs[input.Name] = input;
    }

    public string Command { get; }

    /// <summary>The value, else the declared default, else null; throws an <see cref="InputException"/> when a Required input has neither.</summary>
    public string? Get(string name)
    {
        var input = Declared(name);
        var value = _host.GetInput(name);
        if (string.IsNullOrEmpty(value))
            value = input.Default;
        if (string.IsNullOrEmpty(value) && input.Required)
            throw new InputException(name, RequiredMessage(Command, name));
        return string.IsNullOrEmpty(value) ? null : value;
    }

    /// <summary>The value of an input this code path needs even if it is optional elsewhere.</summary>
    public string Require(string name) =>
        Get(name) ?? throw new InputException(name, RequiredMessage(Command, name));

    /// <summary>A true/false input (any casing, like @actions/core getBooleanInput); absent without default is false.</summary>
    public bool GetSwitch(string name)
    {
        var value = Get(name);
        if (value is null || value.Equals("false", StringComparison.OrdinalIgnoreCase))
            return false;
        if (value.Equals("true", StringComparison.OrdinalIgnoreCase))
            return true;
        throw new InputException(name, $"input \"{name}\" of {Command} must be true or false, not \"{value}\"");
    }

    /// <summary>A repeatable or multi-line input: one item per line, trimmed, blank lines dropped.</summary>
    public IReadOnlyList<string> GetList(string name) =>
        Get(name) is { } value
            ? value.Split('\n').Select(line => line.Trim()).Where(line => line.Length > 0).ToList()
            : [];

    /// <summary>Checks every Required input up front, so a step fails before it changes anything.</summary>
    public void CheckRequired()
    {
        foreach (var input in _inputs.Values)
            if (input.Required)
                Get(input.Name);
    }

    /// <summary>"input "service" is required for deploy-gray (GitHub: with: service: ...; Azure: inputs: service: ...; CLI: --service)".</summary>
    public static string RequiredMessage(string command, string name) =>
        $"input \"{name}\" is required for {command} (GitHub: with: {name}: ...; " +
        $"Azure: inputs: {AzureInputNames.AzureInputName(name)}: ...; CLI: --{name})";

    private StepInput Declared(string name) =>
        _inputs.TryGetValue(name, out var input)
            ? input
            : throw new ArgumentException($"{Command} asked for input \"{name}\", which it does not declare", nameof(name));
}
