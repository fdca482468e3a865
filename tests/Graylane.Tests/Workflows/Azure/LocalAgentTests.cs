using Graylane.Tests.Hosts;

namespace Graylane.Tests.Workflows.Azure;

/// <summary>The local Azure agent: a step it cannot execute fails the run naming the step, instead of passing for it.</summary>
public class LocalAgentTests
{
    [Theory]
    [InlineData("- checkout: git://Shop/other", "checkout git://Shop/other", "checkout: git://Shop/other (only self and none)")]
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

    [Fact]
    public async Task Scripts_run_with_bash_in_the_checkout_with_the_agent_variables_and_a_failing_script_fails_its_job()
    {
        using var dir = new TempDirectory();
        var repository = Directory.CreateDirectory(dir.File("repo")).FullName;
        await File.WriteAllTextAsync(Path.Combine(repository, "app.txt"), "from the repository\n");
        var file = dir.File("pipeline.yml");
        await File.WriteAllTextAsync(file, """
            variables:
              greeting: hello
            stages:
              - stage: one
                jobs:
                  - job: build
                    pool:
                      vmImage: ubuntu-latest
                    steps:
                      - checkout: self
                      - script: |
                          cat app.txt
                          echo "$(greeting) $GREETING"
                          test "$PWD" = "$(Build.SourcesDirectory)" && test "$BUILD_SOURCESDIRECTORY" = "$(System.DefaultWorkingDirectory)" && echo in the sources
                          echo staged > "$(Build.ArtifactStagingDirectory)/out.txt" && echo "##vso[task.setvariable variable=done;isOutput=true]yes"
                        name: show
                      - script: exit 3
                        displayName: fails
                      - script: echo not reached
                        displayName: after
                  - job: empty
                    pool:
                      vmImage: ubuntu-latest
                    steps:
                      - checkout: none
                      - script: test ! -e app.txt && echo empty
                        displayName: look
            """);
        var run = await new AzurePipelineRunner(new PipelineRunSettings { Kubeconfig = "", Repository = repository }).RunAsync(file);

        var build = run.Stages[0].Jobs[0];
        Assert.Equal("Failed", build.Result);
        Assert.Equal(["Succeeded", "Succeeded", "Failed", "Skipped"], build.Steps.Select(s => s.Result));
        Assert.Contains("from the repository", build.Steps[1].Log);
        Assert.Contains("hello hello", build.Steps[1].Log);
        Assert.Contains("in the sources", build.Steps[1].Log);
        Assert.Equal("yes", build.Steps[1].Outputs["done"]);
        Assert.Equal("Succeeded", run.Stages[0].Jobs[1].Result);
        Assert.Contains("empty", run.Stages[0].Jobs[1].Steps[1].Log);
    }
}
