using Graylane.Tests.Hosts;

namespace Graylane.Tests.Workflows.Azure;

/// <summary>The local Azure agent: a step it cannot execute fails the run naming the step, instead of passing for it.</summary>
public class LocalAgentTests
{
    [Theory]
    [InlineData("- script: echo hi\n            name: greet", "greet", "script steps do not run on the local agent")]
    [InlineData("- task: Kubernetes@1\n            name: kube", "kube", "Kubernetes@1 is neither a Graylane task nor ManualValidation")]
    public async Task A_step_the_agent_cannot_execute_fails_the_run_naming_it(string step, string label, string why)
    {
        using var dir = new TempDirectory();
        var file = dir.File("pipeline.yml");
        await File.WriteAllTextAsync(file, $"""
            stages:
              - stage: one
                jobs:
                  - job: only
                    pool:
                      vmImage: ubuntu-latest
                    steps:
                      {step}
            """);
        var e = await Assert.ThrowsAsync<InvalidDataException>(() => new AzurePipelineRunner(new PipelineRunSettings { Kubeconfig = "" }).RunAsync(file));
        Assert.Contains($"job only, step {label}: the local agent cannot execute this step: {why}", e.Message);
    }
}
