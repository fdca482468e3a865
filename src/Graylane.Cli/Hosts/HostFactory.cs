using Graylane.Core.Validation;
using Graylane.Core.Hosting;

namespace Graylane.Cli.Hosts;

/// <summary>Picks the host from the environment Program.cs passes in: GitHub Actions, Azure Pipelines, else the CLI.</summary>
public static class HostFactory
{
    /// <summary>
    /// Parses <paramref name="args"/> (the arguments after the command name) and builds the host.
    /// Throws <see cref="InvalidInputException"/> for a bad command line; secrets are masked before this returns.
    /// </summary>
    public static StepHost Create(
        string command,
        IReadOnlyList<StepInput> inputs,
        IReadOnlyList<string> args,
        IReadOnlyDictionary<string, string> environment,
        TextWriter stdout,
        TextWriter stderr)
    {
        var commandLine = CommandLineParser.Parse(command, inputs, args);
        return Detect(environment) switch
        {
            HostKind.GitHubActions => new GitHubActionsHost(command, inputs, commandLine, environment, stdout, stderr),
            HostKind.AzurePipelines => new AzurePipelinesHost(command, inputs, commandLine, environment, stdout, stderr),
            _ => new CliHost(command, inputs, commandLine, environment, stdout, stderr),
        };
    }

    public static HostKind Detect(IReadOnlyDictionary<string, string> environment)
    {
        if (environment.TryGetValue("GITHUB_ACTIONS", out var github) && github.Equals("true", StringComparison.OrdinalIgnoreCase))
            return HostKind.GitHubActions;
        if (environment.TryGetValue("TF_BUILD", out var azure) && azure.Equals("True", StringComparison.OrdinalIgnoreCase))
            return HostKind.AzurePipelines;
        return HostKind.Cli;
    }
}
