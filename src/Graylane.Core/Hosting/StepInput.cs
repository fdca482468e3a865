namespace Graylane.Core.Hosting;

/// <summary>
/// One input of a step: the kebab-case name is the CLI flag (--name), the action input and the Azure
/// task input, so it is a public interface — never rename one without an alias.
/// </summary>
public sealed record StepInput(
    string Name,
    string Description,
    bool Required = false,
    string? Default = null,
    bool Secret = false,
    bool Repeatable = false,
    bool IsSwitch = false,
    IReadOnlyList<string>? Aliases = null);
