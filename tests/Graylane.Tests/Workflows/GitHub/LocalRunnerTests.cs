using Graylane.Tests.Hosts;
using Graylane.Tests.Support;

namespace Graylane.Tests.Workflows.GitHub;

/// <summary>
/// The local GitHub runner itself: `run:` steps really run (file commands, env, PATH as the runner applies them), and a
/// step it cannot execute fails the run naming the step instead of passing for it.
/// </summary>
public class LocalRunnerTests
{
    private static async Task<WorkflowRun> RunAsync(string yaml, WorkflowRunSettings? settings = null)
    {
        using var dir = new TempDirectory();
        var file = dir.File("workflow.yml");
        await File.WriteAllTextAsync(file, yaml);
        return await new GitHubWorkflowRunner(settings ?? new WorkflowRunSettings { Kubeconfig = "" }).RunAsync(file);
    }

    [ToolFact("bash")]
    public async Task Run_steps_execute_with_outputs_env_path_and_summary_carried_as_on_github()
    {
        var run = await RunAsync("""
            name: t
            on: workflow_dispatch
            env:
              GREETING: hello
            jobs:
              a:
                runs-on: any
                outputs:
                  said: ${{ steps.one.outputs.said }}
                steps:
                  - id: one
                    shell: bash
                    run: |
                      echo "said=$GREETING from $GITHUB_JOB on $RUNNER_OS" >> "$GITHUB_OUTPUT"
                      echo "LATER=set by one" >> "$GITHUB_ENV"
                      mkdir -p "$RUNNER_TEMP/bin" && printf '#!/bin/sh\necho tool ran\n' > "$RUNNER_TEMP/bin/mytool" && chmod +x "$RUNNER_TEMP/bin/mytool"
                      echo "$RUNNER_TEMP/bin" >> "$GITHUB_PATH"
                      echo "### one" >> "$GITHUB_STEP_SUMMARY"
                      echo "LATER in its own step: ${LATER:-unset}"
                  - id: two
                    run: |
                      echo "LATER=$LATER"
                      mytool
                      echo "input=${{ steps.one.outputs.said }}"
                  - id: three
                    run: exit 3
                  - id: four
                    run: echo never
                  - id: cleanup
                    if: failure()
                    run: echo "cleaning up after ${{ steps.three.outcome }}"
            """);

        var job = run.Job("a");
        Assert.Equal("failure", job.Result);
        Assert.Equal("hello from a on Linux", job.Outputs["said"]);
        Assert.Contains("LATER in its own step: unset", job.Step("one").Log);   // GITHUB_ENV applies to later steps only
        Assert.Equal("### one\n", job.Step("one").Summary);
        Assert.Contains("LATER=set by one", job.Step("two").Log);
        Assert.Contains("tool ran", job.Step("two").Log);                        // GITHUB_PATH put mytool on the PATH
        Assert.Contains("input=hello from a on Linux", job.Step("two").Log);
        Assert.Equal(["success", "success", "failure", "skipped", "success"], job.Steps.Select(s => s.Outcome));
        Assert.Contains("cleaning up after failure", job.Step("cleanup").Log);
    }

    [Theory]
    [InlineData("- id: ps\n        shell: pwsh\n        run: Write-Host hi", "ps", "shell: pwsh cannot run on the local runner")]
    [InlineData("- id: up\n        uses: actions/upload-artifact@v4", "up", "actions/upload-artifact@v4 is another repository's action the local runner has no stand-in for")]
    [InlineData("- id: nothing\n        name: nothing", "nothing", "it has neither run: nor uses:")]
    public async Task A_step_the_runner_cannot_execute_fails_the_run_naming_it(string step, string label, string why)
    {
        var e = await Assert.ThrowsAsync<InvalidDataException>(() => RunAsync($"""
            name: t
            on: workflow_dispatch
            jobs:
              a:
                runs-on: any
                steps:
                  {step}
            """));
        Assert.Contains($"job a, step {label}: the local runner cannot execute this step: {why}", e.Message);
    }

    [Fact]
    public async Task A_windows_run_step_without_shell_would_run_pwsh_and_is_refused()
    {
        var e = await Assert.ThrowsAsync<InvalidDataException>(() => RunAsync("""
            name: t
            on: workflow_dispatch
            jobs:
              a:
                runs-on: windows-latest
                steps:
                  - id: hi
                    run: echo hi
            """, new WorkflowRunSettings { Kubeconfig = "", RunnerOs = "Windows" }));
        Assert.Contains("step hi: the local runner cannot execute this step: the default shell on Windows runners is pwsh", e.Message);
    }

    [Fact]
    public async Task A_workflow_that_does_not_run_on_the_event_is_refused()
    {
        var settings = new WorkflowRunSettings { Kubeconfig = "" };
        settings.GitHub["event_name"] = "push";
        var e = await Assert.ThrowsAsync<InvalidDataException>(() => RunAsync("""
            name: t
            on: workflow_dispatch
            jobs:
              a:
                runs-on: any
                steps:
                  - run: echo hi
            """, settings));
        Assert.Contains("does not run on push", e.Message);
    }

    [Fact]
    public void Composite_steps_see_no_action_ref_as_on_github_so_the_setup_action_cannot_rely_on_it()
    {
        var setup = ActionMetadata.ForUses("graylane/graylane/actions/setup@v1")!;
        var context = new RunContext(WorkflowFile.Load(GitHubExampleRun.PathOf("dev-lane.yml")), new WorkflowRunSettings { Kubeconfig = "" }, null, [],
            new Dictionary<string, JobRun>(), new Dictionary<string, string>()) { Composite = new CompositeScope(setup, new Dictionary<string, string>()) };
        Assert.Equal("", WorkflowExpression.Interpolate("${{ github.action_ref }}${{ github.action_repository }}", context));
        Assert.Equal(setup.Directory, WorkflowExpression.Interpolate("${{ github.action_path }}", context));
        // Nothing in the action reads them (issue 2473 would make it install something else than pinned).
        foreach (var file in Directory.GetFiles(setup.Directory))
            Assert.DoesNotContain("action_ref", File.ReadAllText(file), StringComparison.OrdinalIgnoreCase);
    }
}
