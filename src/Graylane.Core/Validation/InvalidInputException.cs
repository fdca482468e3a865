namespace Graylane.Core.Validation;

/// <summary>
/// Bad input: names the input and says what would be valid. Raised before anything in the cluster
/// changes; hosts turn it into exit code 2.
/// </summary>
public sealed class InvalidInputException(string input, string message) : Exception(message)
{
    /// <summary>The kebab-case input name (the CLI flag without "--").</summary>
    public string Input { get; } = input;
}
