using Graylane.Tests.Support;

namespace Graylane.Tests.Packaging.TaskHarness;

/// <summary>
/// Every Azure task as packed in the .vsix, run through azure-pipelines-task-lib's MockTestRunner with a Kubernetes
/// service connection, downloading the graylane build its payload.json pins, against the local cluster: the result,
/// the ##vso output variables, the error shown, the tool cache and the cluster state.
/// </summary>
public sealed class AzureTaskHarnessTests(TaskHarnessFixture harness) : IClassFixture<TaskHarnessFixture>, IDisposable
{
    private readonly string _agent = Directory.CreateTempSubdirectory("graylane-agent-").FullName;

    public void Dispose() => Directory.Delete(_agent, recursive: true);

    private MockTaskRun Task(string folder, ClusterFixture cluster, bool portableOnly = false, params (string Name, string Value)[] inputs)
    {
        var run = new MockTaskRun(harness.TaskFolder(folder, portableOnly), _agent).WithServiceConnection(cluster.Kubeconfig);
        foreach (var (name, value) in inputs) run.Inputs[name] = value;
        run.Inputs.TryAdd("timeout", "20s");
        return run;
    }

    private string Scope([System.Runtime.CompilerServices.CallerMemberName] string test = "") => test;

    [TaskHarnessFact]
    public async Task Deploy_gray_shift_traffic_and_promote_release_through_the_tasks_downloading_graylane_once()
    {
        await using var c = await ClusterFixture.StartAsync();
        var url = harness.Server.Url(Scope());

        var deploy = Task("DeployGrayV1", c, inputs: [("service", "nginx-service"), ("image", "nginx:1.27"), ("version", "v2")]).Run(url);

        Assert.True(deploy.Succeeded, deploy.ToString());
        Assert.Equal("nginx-service", deploy.Outputs["app"]);
        Assert.Equal("v2", deploy.Outputs["version"]);
        Assert.Equal("nginx-v2", deploy.Outputs["grayWorkload"]);
        Assert.Equal("nginx-v2", deploy.Outputs["gray-workload"]);
        Assert.Equal("nginx", deploy.Outputs["baselineWorkload"]);
        Assert.Equal("v1", deploy.Outputs["baselineVersion"]);
        Assert.NotNull(c.Deployment("nginx-v2"));
        Assert.Equal("v1", c.Selector("nginx-service"));
        Assert.Equal([$"/{Scope()}/graylane-{TaskHarnessTools.PlatformKey}.tar.gz"], harness.Server.Requests(Scope()));
        var cached = Path.Combine(_agent, "_tool", "graylane", "1.0.0", TaskHarnessTools.PlatformKey!);
        Assert.True(File.Exists(cached + ".complete"), "the tool cache marks the install complete");
        Assert.Contains("SHA-256 verified", deploy.Stdout);

        var shift = Task("ShiftTrafficV1", c, inputs: [("app", deploy.Outputs["app"]), ("weight", "100")]).Run(url);

        Assert.True(shift.Succeeded, shift.ToString());
        Assert.Equal("100", shift.Outputs["grayWeight"]);
        Assert.Equal("v2", c.Selector("nginx-service"));
        Assert.Contains("from the tool cache", shift.Stdout);

        var promote = Task("PromoteV1", c, inputs: [("app", "nginx-service"), ("scaleDownDelay", "0s")]).Run(url);

        Assert.True(promote.Succeeded, promote.ToString());
        Assert.Equal("v2", promote.Outputs["version"]);
        Assert.Equal("v1", promote.Outputs["previousVersion"]);
        Assert.Equal("v1", promote.Outputs["previous-version"]);
        Assert.Equal("v2", c.Selector("nginx-service"));
        Assert.Equal(0, (int?)c.Deployment("nginx")?["spec"]?["replicas"]);
        Assert.Single(harness.Server.Requests(Scope())); // three tasks, one download
    }

    [TaskHarnessFact]
    public async Task Rollback_puts_the_service_back_and_removes_the_gray_deployment()
    {
        await using var c = await ClusterFixture.StartAsync();
        var url = harness.Server.Url(Scope());
        Assert.True(Task("DeployGrayV1", c, inputs: [("service", "nginx-service"), ("image", "nginx:1.27"), ("version", "v2")]).Run(url).Succeeded);
        Assert.True(Task("ShiftTrafficV1", c, inputs: [("app", "nginx-service"), ("weight", "100")]).Run(url).Succeeded);

        var rollback = Task("RollbackV1", c, inputs: [("app", "nginx-service"), ("reason", "errors in checkout")]).Run(url);

        Assert.True(rollback.Succeeded, rollback.ToString());
        Assert.Equal("v1", rollback.Outputs["version"]);
        Assert.Equal("RolledBack", rollback.Outputs["phase"]);
        Assert.Equal("v1", c.Selector("nginx-service"));
        Assert.Null(c.Deployment("nginx-v2"));
    }

    [TaskHarnessFact]
    public async Task A_gray_version_that_cannot_start_fails_the_task_with_the_reason_and_puts_everything_back()
    {
        await using var c = await ClusterFixture.StartAsync();
        c.Server.Knobs.FailImagePull("nginx:missing");

        var deploy = Task("DeployGrayV1", c, inputs: [("service", "nginx-service"), ("image", "nginx:missing"), ("version", "v2"), ("timeout", "3s")])
            .Run(harness.Server.Url(Scope()));

        Assert.False(deploy.Succeeded, deploy.ToString());
        Assert.Contains(deploy.Errors, e => e.Contains("cannot pull image nginx:missing", StringComparison.Ordinal));
        Assert.Contains("##vso[task.complete result=Failed;]", deploy.Stdout);
        Assert.Null(c.Deployment("nginx-v2"));
        Assert.Equal("v1", c.Selector("nginx-service"));
    }

    [TaskHarnessFact]
    public async Task Wait_approval_with_bad_input_fails_naming_the_input_and_changes_nothing()
    {
        await using var c = await ClusterFixture.StartAsync();
        Assert.True(Task("DeployGrayV1", c, inputs: [("service", "nginx-service"), ("image", "nginx:1.27"), ("version", "v2")])
            .Run(harness.Server.Url(Scope())).Succeeded);
        var writes = await c.WritesAsync();

        var wait = Task("WaitApprovalV1", c, inputs: [("app", "nginx-service"), ("provider", "none"), ("onTimeout", "later")])
            .Run(harness.Server.Url(Scope()));

        Assert.False(wait.Succeeded, wait.ToString());
        Assert.Contains(wait.Errors, e => e.Contains("on-timeout", StringComparison.Ordinal));
        Assert.Equal(writes, await c.WritesAsync());
    }

    [TaskHarnessFact]
    public async Task A_download_that_does_not_match_the_pinned_checksum_fails_before_graylane_runs()
    {
        await using var c = await ClusterFixture.StartAsync();
        var run = Task("DeployGrayV1", c, inputs: [("service", "nginx-service"), ("image", "nginx:1.27"), ("version", "v2")]);

        var deploy = run.Run(harness.Server.Url(ReleaseAssetServer.TamperedScope));

        Assert.False(deploy.Succeeded, deploy.ToString());
        Assert.Contains(deploy.Errors, e => e.Contains("SHA-256", StringComparison.Ordinal) && e.Contains("nothing was run", StringComparison.Ordinal));
        Assert.Null(c.Deployment("nginx-v2"));
        Assert.False(Directory.Exists(Path.Combine(run.ToolsDirectory, "graylane", "1.0.0", TaskHarnessTools.PlatformKey!)));
    }

    [TaskHarnessFact]
    public async Task Without_a_native_build_for_the_agent_the_portable_build_runs_on_dotnet()
    {
        if (Tools.Missing("dotnet") is { } why) Assert.Fail(why); // this test process runs on dotnet: it is there
        await using var c = await ClusterFixture.StartAsync();

        var deploy = Task("DeployGrayV1", c, portableOnly: true, inputs: [("service", "nginx-service"), ("image", "nginx:1.27"), ("version", "v2")])
            .Run(harness.Server.Url(Scope()));

        Assert.True(deploy.Succeeded, deploy.ToString());
        Assert.Equal("nginx-v2", deploy.Outputs["grayWorkload"]);
        Assert.Equal([$"/{Scope()}/graylane-portable.tar.gz"], harness.Server.Requests(Scope()));
    }
}
