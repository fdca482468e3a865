namespace Graylane.Cli.Hosts;

/// <summary>
/// A step input is missing, unknown or malformed. The message is meant for the user as is: it names
/// the flag or input and says what would be valid, so the host prints it without a stack trace.
/// </summary>
/// <param name="input">The kebab-case input (or the flag as typed) the problem is about.</param>
public sealed class InputException(string input, string message) : Exception(message)
{
    public string Input { get; } = input;
}
