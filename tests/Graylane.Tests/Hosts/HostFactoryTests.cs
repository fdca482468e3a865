using Graylane.Core.Validation;
using Graylane.Cli.Hosts;

namespace Graylane.Tests.Hosts;

public class HostFactoryTests
{
    private static StepHost Create(Dictionary<string, string> env, params string[] args) =>
        HostFactory.Create(TestSteps.Command, TestSteps.Inputs, args, env, TextWriter.Null, TextWriter.Null);

    [Fact]
    public void Picks_the_host_from_the_environment()
    {
        Assert.IsType<GitHubActionsHost>(Create(TestSteps.Env(("GITHUB_ACTIONS", "true"), ("TF_BUILD", "True"))));
        Assert.IsType<AzurePipelinesHost>(Create(TestSteps.Env(("TF_BUILD", "True"))));
        Assert.IsType<CliHost>(Create(TestSteps.Env(("GITHUB_ACTIONS", "false"))));
        Assert.IsType<CliHost>(Create(TestSteps.Env()));
    }

    [Fact]
    public void A_bad_command_line_fails_before_a_host_exists() =>
        Assert.StartsWith("unknown flag --wieght", Assert.Throws<InvalidInputException>(() => Create(TestSteps.Env(), "--wieght", "1")).Message);

    [Fact]
    public void Help_is_reported_by_the_host() =>
        Assert.True(Create(TestSteps.Env(("GITHUB_ACTIONS", "true")), "-h").HelpRequested);
}
