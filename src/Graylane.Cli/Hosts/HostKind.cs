namespace Graylane.Cli.Hosts;

public enum HostKind
{
    Cli,
    GitHubActions,
    AzurePipelines,
}
