using System.Text;
using Graylane.Core.Hosting;

namespace Graylane.Cli.Hosts;

/// <summary>
/// The one place kebab-case input names meet Azure task inputs: task.json names are camelCase
/// (scale-down-delay → scaleDownDelay) and the agent exposes each as INPUT_ + the name upper-cased
/// (INPUT_SCALEDOWNDELAY), so hyphens disappear from the variable.
/// </summary>
public static class AzureInputNames
{
    public static string AzureInputName(string kebab)
    {
        var name = new StringBuilder(kebab.Length);
        var upperNext = false;
        foreach (var c in kebab)
        {
            if (c == '-')
            {
                upperNext = true;
                continue;
            }
            name.Append(upperNext ? char.ToUpperInvariant(c) : c);
            upperNext = false;
        }
        return name.ToString();
    }

    /// <summary>The inverse: scaleDownDelay → scale-down-delay.</summary>
    public static string FromAzureInputName(string camel)
    {
        var name = new StringBuilder(camel.Length + 4);
        foreach (var c in camel)
        {
            if (char.IsAsciiLetterUpper(c))
                name.Append('-').Append(char.ToLowerInvariant(c));
            else
                name.Append(c);
        }
        return name.ToString();
    }

    /// <summary>The agent's environment variable for a kebab-case input: INPUT_SCALEDOWNDELAY.</summary>
    public static string EnvironmentVariable(string kebab) => "INPUT_" + AzureInputName(kebab).ToUpperInvariant();

    /// <summary>
    /// Throws when two names (or aliases) of one step would share an Azure variable ("scale-down" and
    /// "scaledown" both become INPUT_SCALEDOWN) or a name does not survive the round trip (a word
    /// starting with a digit: "retry-5xx" → "retry5xx" → "retry5xx").
    /// </summary>
    public static void CheckNames(string command, IReadOnlyList<StepInput> inputs)
    {
        var seen = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var name in inputs.SelectMany(i => (IEnumerable<string>)[i.Name, .. i.Aliases ?? []]))
        {
            var azure = AzureInputName(name);
            if (FromAzureInputName(azure) != name)
                throw new ArgumentException($"input \"{name}\" of {command} does not map back from its Azure name \"{azure}\"");
            var variable = EnvironmentVariable(name);
            if (!seen.TryAdd(variable, name))
                throw new ArgumentException($"inputs \"{seen[variable]}\" and \"{name}\" of {command} both become {variable} in Azure Pipelines");
        }
    }
}
