using Graylane.Tests.Hosts;
using Graylane.Tests.Support;

namespace Graylane.Tests.Workflows.GitHub;

/// <summary>
/// actions/setup run by the local runner as GitHub runs it — a composite action whose bash steps download from a local
/// release server — on runners of every OS and architecture (RUNNER_OS / RUNNER_ARCH as the runner reports them; the
/// scripts run on this machine's bash), followed by a step that runs graylane from the PATH it set.
/// </summary>
public class SetupActionTests
{
    /// <summary>The version the committed actions/setup installs by default (the release workflow rewrites it).</summary>
    private static string DefaultVersion => ActionMetadata.ForUses("graylane/graylane/actions/setup@v1")!.Inputs["version"]!;

    private static string Workflow(string? version, string command) => $$"""
        name: setup
        on: workflow_dispatch
        jobs:
          install:
            runs-on: any
            steps:
              - uses: graylane/graylane/actions/setup@v1
                id: setup
        {{(version is null ? "" : $"        with:\n          version: {version}\n")}}      - id: use
                shell: bash
                run: |
                  found=$(command -v {{command}})
                  echo "found=$found" >> "$GITHUB_OUTPUT"
                  for f in graylane graylane.cmd; do
                    if [ -f "$(dirname "$found")/$f" ]; then echo "$f=$(base64 < "$(dirname "$found")/$f" | tr -d '\n')" >> "$GITHUB_OUTPUT"; fi
                  done
                  {{command}} version
        """;

    private static string Decoded(StepRun step, string file) => System.Text.Encoding.UTF8.GetString(Convert.FromBase64String(step.Outputs[file]));

    private static async Task<(WorkflowRun Run, FakeReleases Releases)> RunAsync(string os, string arch, string? version = null, string command = "graylane")
    {
        var releases = await FakeReleases.StartAsync();
        releases.Release(DefaultVersion);
        releases.Release("v1.2.3");
        releases.Release("v9.9.9");   // newer than the pinned one: must not be what the default installs
        using var dir = new TempDirectory();
        var file = Path.Combine(dir.Path, "setup.yml");
        await File.WriteAllTextAsync(file, Workflow(version, command));
        var settings = new WorkflowRunSettings
        {
            Kubeconfig = "",
            RunnerOs = os,
            RunnerArch = arch,
            MachineEnvironment = { ["GRAYLANE_DOWNLOAD_URL"] = releases.Url.ToString() },
        };
        var run = await new GitHubWorkflowRunner(settings).RunAsync(file);
        return (run, releases);
    }

    [ToolTheory("bash", "curl", "tar")]
    [InlineData("Linux", "X64", "linux-x64")]
    [InlineData("Linux", "ARM64", "linux-arm64")]
    [InlineData("macOS", "X64", "osx-x64")]
    [InlineData("macOS", "ARM64", "osx-arm64")]
    public async Task Installs_the_native_build_of_the_pinned_release_and_puts_it_on_the_path(string os, string arch, string rid)
    {
        var (run, releases) = await RunAsync(os, arch);
        await using var _ = releases;

        var job = run.Job("install");
        Assert.True(job.Result == "success", run.Log);
        Assert.Equal([$"/{DefaultVersion}/graylane-{rid}.tar.gz"], releases.Downloads);
        Assert.Equal(DefaultVersion, job.Step("setup").Outputs["version"]);
        var setup = job.Step("setup").Inner;
        Assert.Equal(["success", "skipped", "success"], setup.Select(s => s.Outcome));   // no .NET needed for a native build
        var use = job.Step("use");
        Assert.EndsWith($"/graylane/{DefaultVersion}/{rid}/graylane", use.Outputs["found"]);
        Assert.Contains($"GRAYLANE_STAND_IN={rid} {DefaultVersion}", use.Log);
        Assert.Contains("graylane ", use.Log);   // `graylane version` ran from the PATH
        Assert.False(use.Outputs.ContainsKey("graylane.cmd"));   // no wrappers beside a native build
    }

    [ToolFact("bash", "curl", "tar")]
    public async Task On_windows_x64_the_native_exe_is_installed()
    {
        var (run, releases) = await RunAsync("Windows", "X64", command: "graylane.exe");
        await using var _ = releases;

        var job = run.Job("install");
        Assert.True(job.Result == "success", run.Log);
        Assert.Equal([$"/{DefaultVersion}/graylane-win-x64.tar.gz"], releases.Downloads);
        Assert.Equal("skipped", job.Step("setup").Inner[1].Outcome);
        Assert.EndsWith($"/graylane/{DefaultVersion}/win-x64/graylane.exe", job.Step("use").Outputs["found"]);
        Assert.Contains($"GRAYLANE_STAND_IN=win-x64 {DefaultVersion}", job.Step("use").Log);
    }

    [ToolTheory("bash", "curl", "tar", "dotnet")]
    [InlineData("Windows", "ARM64")]
    [InlineData("Linux", "ARM")]
    public async Task Without_a_native_build_it_sets_up_dotnet_and_writes_wrappers_for_the_portable_build(string os, string arch)
    {
        var (run, releases) = await RunAsync(os, arch);
        await using var _ = releases;

        var job = run.Job("install");
        Assert.True(job.Result == "success", run.Log);
        Assert.Equal([$"/{DefaultVersion}/graylane-portable.tar.gz"], releases.Downloads);
        var setup = job.Step("setup").Inner;
        Assert.Equal(["success", "success", "success"], setup.Select(s => s.Outcome));
        Assert.Equal("10", setup[1].Outputs["dotnet-version"].Split('.')[0]);   // actions/setup-dotnet with 10.0.x
        var found = job.Step("use").Outputs["found"];
        Assert.EndsWith($"/graylane/{DefaultVersion}/portable/graylane", found);
        // The bash wrapper ran the framework-dependent build through dotnet: `graylane version` answered.
        Assert.Matches(@"graylane \d+\.\d+\.\d+", job.Step("use").Log);
        Assert.DoesNotContain("GRAYLANE_STAND_IN", job.Step("use").Log);
        Assert.Equal("#!/bin/sh\nexec dotnet \"$(dirname \"$0\")/graylane.dll\" \"$@\"\n", Decoded(job.Step("use"), "graylane"));
        // pwsh and cmd steps find graylane.cmd through PATHEXT: it runs the dll beside it, with every argument.
        Assert.Equal("@dotnet \"%~dp0graylane.dll\" %*\r\n", Decoded(job.Step("use"), "graylane.cmd"));
    }

    [ToolFact("bash", "curl", "tar")]
    public async Task An_explicit_version_is_installed_and_a_version_that_is_no_release_tag_is_refused()
    {
        var (run, releases) = await RunAsync("Linux", "X64", version: "v1.2.3");
        await using (releases)
        {
            Assert.True(run.Result("install") == "success", run.Log);
            Assert.Equal(["/v1.2.3/graylane-linux-x64.tar.gz"], releases.Downloads);
            Assert.Equal("v1.2.3", run.Job("install").Step("setup").Outputs["version"]);
        }

        (run, releases) = await RunAsync("Linux", "X64", version: "latest");
        await using (releases)
        {
            Assert.Equal("failure", run.Result("install"));
            Assert.Contains("version \"latest\" is not a release tag such as v1.2.3", run.Job("install").Step("setup").Log);
            Assert.Empty(releases.Downloads);
        }

        (run, releases) = await RunAsync("Linux", "X64", version: "v7.7.7");   // no such release
        await using (releases)
        {
            Assert.Equal("failure", run.Result("install"));
            Assert.Contains("/v7.7.7/graylane-linux-x64.tar.gz (is v7.7.7 a Graylane release?)", run.Job("install").Step("setup").Log);
        }
    }
}
