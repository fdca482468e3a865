using Graylane.Core.Validation;
using Graylane.Core.Hosting;

namespace Graylane.Cli.Hosts;

/// <summary>
/// Parses the arguments after the command name against the step's declared inputs:
/// <c>--name value</c>, <c>--name=value</c>, switches (<c>--x</c>, <c>--x=true|false</c>), repeatable
/// inputs (joined with '\n'), aliases, and <c>--help</c>/<c>-h</c>. Positional arguments are rejected
/// because every input has a name that is also its GitHub/Azure input name.
/// </summary>
public sealed class CommandLineParser
{
    private readonly Dictionary<string, StepInput> _byFlag = new(StringComparer.Ordinal);

    public CommandLineParser(string command, IReadOnlyList<StepInput> inputs)
    {
        Command = command;
        Inputs = inputs;
        foreach (var input in inputs)
        {
            Register(input.Name, input);
            foreach (var alias in input.Aliases ?? [])
                Register(alias, input);
        }
    }

    public string Command { get; }
    public IReadOnlyList<StepInput> Inputs { get; }

    public static ParsedCommandLine Parse(string command, IReadOnlyList<StepInput> inputs, IReadOnlyList<string> args) =>
        new CommandLineParser(command, inputs).Parse(args);

    public ParsedCommandLine Parse(IReadOnlyList<string> args)
    {
        var values = new Dictionary<string, string>(StringComparer.Ordinal);
        var spelledAs = new Dictionary<string, string>(StringComparer.Ordinal);
        var help = false;
        StepInput? previousSwitch = null;

        for (var i = 0; i < args.Count; i++)
        {
            var arg = args[i];
            if (arg is "--help" or "-h")
            {
                help = true;
                previousSwitch = null;
                continue;
            }
            if (!arg.StartsWith('-') || arg is "-" or "--")
                throw Positional(arg, previousSwitch);

            var body = arg.StartsWith("--", StringComparison.Ordinal) ? arg[2..] : arg[1..];
            var equals = body.IndexOf('=');
            var flagName = equals < 0 ? body : body[..equals];
            var inline = equals < 0 ? null : body[(equals + 1)..];
            if (!arg.StartsWith("--", StringComparison.Ordinal) || !_byFlag.TryGetValue(flagName, out var input))
                throw Unknown(equals < 0 ? arg : arg[..(arg.Length - body.Length + equals)], flagName);

            string value;
            if (input.IsSwitch)
            {
                value = inline is null ? "true" : ParseSwitchValue(flagName, inline);
                previousSwitch = inline is null ? input : null;
            }
            else
            {
                previousSwitch = null;
                if (inline is not null)
                    value = inline;
                else if (i + 1 < args.Count && !LooksLikeFlag(args[i + 1]))
                    value = args[++i];
                else
                    throw NeedsValue(flagName, i + 1 < args.Count ? args[i + 1] : null);
                if (value.Length == 0)
                    throw new InvalidInputException(input.Name, $"--{flagName} needs a value (it was given empty)");
            }

            if (values.TryGetValue(input.Name, out var existing))
            {
                if (!input.Repeatable)
                {
                    var first = spelledAs[input.Name];
                    var also = first == flagName ? "" : $" (as --{first} and --{flagName})";
                    throw new InvalidInputException(input.Name, $"--{input.Name} given twice{also}; it takes one value");
                }
                values[input.Name] = existing + "\n" + value;
            }
            else
            {
                values[input.Name] = value;
                spelledAs[input.Name] = flagName;
            }
        }
        return new ParsedCommandLine(values, help);
    }

    private void Register(string flag, StepInput input)
    {
        if (!KebabName.IsValid(flag))
            throw new ArgumentException($"input name \"{flag}\" of {Command} is not kebab-case (lowercase words joined by '-')");
        if (flag == "help")
            throw new ArgumentException($"input name \"help\" of {Command} is reserved for --help");
        if (!_byFlag.TryAdd(flag, input))
            throw new ArgumentException($"input name \"{flag}\" of {Command} is declared twice (as a name or alias)");
    }

    // A value may start with '-' only when it is a number ("-5"); anything else looks like a forgotten value.
    private static bool LooksLikeFlag(string token) =>
        token.Length > 1 && token[0] == '-' && !char.IsAsciiDigit(token[1]) && token[1] != '.';

    private static string ParseSwitchValue(string flagName, string inline)
    {
        if (inline.Equals("true", StringComparison.OrdinalIgnoreCase))
            return "true";
        if (inline.Equals("false", StringComparison.OrdinalIgnoreCase))
            return "false";
        throw new InvalidInputException(flagName, $"--{flagName} takes true or false, not \"{inline}\"");
    }

    private InvalidInputException Unknown(string flag, string typed)
    {
        var suggestion = EditDistance.Closest(typed, _byFlag.Keys);
        var didYouMean = suggestion is null ? "." : $"; did you mean --{suggestion}?";
        var valid = string.Join(", ", Inputs.Select(i => "--" + i.Name).Append("--help"));
        return new InvalidInputException(flag, $"unknown flag {flag} for {Command}{didYouMean} Valid flags: {valid}");
    }

    private static InvalidInputException NeedsValue(string flagName, string? next)
    {
        var hint = next is null ? "" : $" (got {next}; for a value starting with '-' write --{flagName}=<value>)";
        return new InvalidInputException(flagName, $"--{flagName} needs a value{hint}");
    }

    private InvalidInputException Positional(string arg, StepInput? previousSwitch)
    {
        if (previousSwitch is not null && (arg.Equals("true", StringComparison.OrdinalIgnoreCase) || arg.Equals("false", StringComparison.OrdinalIgnoreCase)))
            return new InvalidInputException(previousSwitch.Name,
                $"unexpected argument \"{arg}\" for {Command}: --{previousSwitch.Name} is a switch; write --{previousSwitch.Name}={arg.ToLowerInvariant()}");
        return new InvalidInputException(arg,
            $"unexpected argument \"{arg}\" for {Command}: inputs are given as flags (--name value); see {Command} --help");
    }
}
