using Graylane.Core.Validation;

namespace Graylane.Core.Hosting;

/// <summary>
/// A step's inputs read through its host, with defaults applied and `required` enforced here — the
/// GitHub runner never enforces `required:` itself, so the action must.
/// </summary>
public sealed class StepInputs(string step, IStepHost host, IReadOnlyList<StepInput> specs)
{
    public string Step { get; } = step;

    /// <summary>The trimmed value, the default, or null; throws when a required input is missing.</summary>
    public string? Get(string name)
    {
        var spec = specs.FirstOrDefault(s => s.Name == name) ?? throw new ArgumentException($"{Step} declares no input {name}");
        var raw = host.GetInput(name);
        var value = string.IsNullOrWhiteSpace(raw) ? spec.Default : raw.Trim();
        if (spec.Required && string.IsNullOrEmpty(value))
            throw new InvalidInputException(name, RequiredMessage(Step, name));
        return string.IsNullOrEmpty(value) ? null : value;
    }

    public string Require(string name) => Get(name) ?? throw new InvalidInputException(name, RequiredMessage(Step, name));

    /// <summary>How to give a missing input, in each host's words.</summary>
    public static string RequiredMessage(string step, string name)
    {
        var camel = string.Concat(name.Split('-').Select((part, i) => i == 0 || part.Length == 0 ? part : char.ToUpperInvariant(part[0]) + part[1..]));
        return $"input \"{name}\" is required for {step} (GitHub: with: {name}: ...; Azure: inputs: {camel}: ...; CLI: --{name})";
    }

    public bool Flag(string name) => Get(name) is { } v && Numbers.Bool(name, v);

    public TimeSpan Duration(string name) => Durations.Parse(name, Require(name));

    /// <summary>Repeatable inputs: one value per line.</summary>
    public IReadOnlyList<string> List(string name) =>
        Get(name)?.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries) ?? [];
}
