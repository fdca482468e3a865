using Graylane.Tests.Support;

namespace Graylane.Tests.Steps;

/// <summary>A gray version that cannot start is reported with the real reason and leaves the cluster as it was.</summary>
public class DeployFailureTests
{
    [Fact]
    public async Task Image_pull_failure_is_explained_and_cleaned_up()
    {
        await using var c = await ClusterFixture.StartAsync();
        c.Server.Knobs.FailImagePull("nginx:missing");

        var (code, host) = await c.RunAsync("deploy-gray", ("service", "nginx-service"), ("image", "nginx:missing"), ("version", "v2"), ("timeout", "3s"));

        Assert.Equal(1, code);
        Assert.Contains(host.Errors, e => e.Contains("cannot pull image nginx:missing"));
        // The diagnosis reads only pod Events (a field selector), not every Event of the namespace, and still quotes them.
        var eventLists = (await c.RequestsAsync()).Where(e => e.Resource == "events" && e.Verb == "list").ToList();
        Assert.NotEmpty(eventLists);
        Assert.All(eventLists, e => Assert.Contains("fieldSelector=involvedObject.kind%3DPod", e.Path));
        Assert.Contains(host.Errors, e => e.Contains("event ") && e.Contains(" on pod nginx-v2-"));
        Assert.Null(c.Deployment("nginx-v2"));
        Assert.Equal("v1", c.Selector("nginx-service"));

        var status = await c.RunAsync("status", ("app", "nginx-service"));
        Assert.Contains("Phase:     Failed", status.Host.Log);
        // A failed release does not block the next one.
        c.Server.Knobs.Clear();
        Assert.Equal(0, (await c.RunAsync("deploy-gray", ("service", "nginx-service"), ("image", "nginx:1.27"), ("version", "v2"))).Code);
    }

    [Fact]
    public async Task Crash_loop_is_explained_and_kept_on_request()
    {
        await using var c = await ClusterFixture.StartAsync();
        c.Server.Knobs.CrashLoop("nginx:crashy");

        var (code, host) = await c.RunAsync("deploy-gray", ("service", "nginx-service"), ("image", "nginx:crashy"), ("version", "v2"),
            ("timeout", "2s"), ("keep-on-failure", "true"));

        Assert.Equal(1, code);
        Assert.Contains(host.Errors, e => e.Contains("CrashLoopBackOff"));
        Assert.NotNull(c.Deployment("nginx-v2"));
    }
}
