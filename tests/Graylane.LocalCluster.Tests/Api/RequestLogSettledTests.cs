using k8s;

namespace Graylane.LocalCluster.Tests.Api;

/// <summary>
/// The request log is written after a request is answered; WaitSettledAsync is how a test knows every answered request
/// is in it (an open watch until it ends; only the writes when asked), without waiting for requests not answered yet.
/// </summary>
public sealed class RequestLogSettledTests
{
    [Fact]
    public async Task An_open_watch_keeps_the_log_unsettled_until_it_ends_but_not_for_writes()
    {
        await using var c = await TestCluster.StartAsync();
        var watch = await WatchReader.OpenAsync(c, "/api/v1/namespaces/default/configmaps?watch=true");
        await c.Client.CoreV1.CreateNamespacedConfigMapAsync(Objects.ConfigMap("a"), "default");
        Assert.Equal("ADDED", (string?)(await watch.NextAsync())!["type"]);

        var all = c.Server.Requests.WaitSettledAsync();
        await c.Server.Requests.WaitSettledAsync(writesOnly: true).WaitAsync(TimeSpan.FromSeconds(60));
        Assert.Contains(c.Server.Requests.Entries, e => e.Verb == "create");
        Assert.False(all.IsCompleted);
        Assert.DoesNotContain(c.Server.Requests.Entries, e => e.Verb == "watch");

        await watch.DisposeAsync(); // the client goes: the server ends the watch and logs it
        await all.WaitAsync(TimeSpan.FromSeconds(60));
        Assert.Contains(c.Server.Requests.Entries, e => e.Verb == "watch");
        Assert.Equal(0, c.Server.Requests.AnsweredNotLogged);
    }

    [Fact]
    public async Task A_write_not_answered_yet_is_not_waited_for()
    {
        await using var c = await TestCluster.StartAsync();
        var release = new TaskCompletionSource();
        var held = c.Server.Faults.Add(new FaultRule { WritesOnly = true, Resource = "configmaps", Hold = release.Task });
        var create = c.Client.CoreV1.CreateNamespacedConfigMapAsync(Objects.ConfigMap("held"), "default");

        for (var i = 0; i < 6000 && held.Matched == 0; i++) await Task.Delay(10);
        await c.Server.Requests.WaitSettledAsync(writesOnly: true).WaitAsync(TimeSpan.FromSeconds(60));
        Assert.Equal(0, c.Server.Requests.Writes);

        release.SetResult();
        await create;
        await c.Server.Requests.WaitSettledAsync(writesOnly: true).WaitAsync(TimeSpan.FromSeconds(60));
        Assert.Equal(1, c.Server.Requests.Writes);
    }
}
