using k8s;
using k8s.Models;

namespace Graylane.LocalCluster.Tests.Api;

/// <summary>Watch: initial events, resourceVersion resume, selectors, bookmarks, timeouts, 410, dropped streams.</summary>
public sealed class WatchTests
{
    private const string ConfigMaps = "/api/v1/namespaces/default/configmaps";

    [Fact]
    public async Task Watch_without_version_lists_first_then_streams_changes()
    {
        await using var c = await TestCluster.StartAsync();
        await c.Client.CoreV1.CreateNamespacedConfigMapAsync(Objects.ConfigMap("a"), "default");
        await using var w = await WatchReader.OpenAsync(c, ConfigMaps + "?watch=true");
        var first = await w.NextAsync();
        Assert.Equal("ADDED", (string?)first!["type"]);
        Assert.Equal("a", (string?)first["object"]!["metadata"]!["name"]);

        await c.Client.CoreV1.PatchNamespacedConfigMapAsync(new V1Patch("""{"data":{"k":"2"}}""", V1Patch.PatchType.MergePatch), "a", "default");
        await c.Client.CoreV1.DeleteNamespacedConfigMapAsync("a", "default");
        Assert.Equal("MODIFIED", (string?)(await w.NextAsync())!["type"]);
        var deleted = await w.NextAsync();
        Assert.Equal("DELETED", (string?)deleted!["type"]);
        Assert.Equal("ConfigMap", (string?)deleted["object"]!["kind"]);
    }

    [Fact]
    public async Task Watch_from_a_resourceVersion_replays_only_later_events_matching_the_selector()
    {
        await using var c = await TestCluster.StartAsync();
        var a = await c.Client.CoreV1.CreateNamespacedConfigMapAsync(Objects.ConfigMap("a", new() { ["app"] = "x" }), "default");
        await c.Client.CoreV1.CreateNamespacedConfigMapAsync(Objects.ConfigMap("b", new() { ["app"] = "y" }), "default");
        await c.Client.CoreV1.CreateNamespacedConfigMapAsync(Objects.ConfigMap("c", new() { ["app"] = "x" }), "default");
        await using var w = await WatchReader.OpenAsync(c, $"{ConfigMaps}?watch=1&resourceVersion={a.Metadata.ResourceVersion}&labelSelector=app%3Dx");
        var ev = await w.NextAsync();
        Assert.Equal("ADDED", (string?)ev!["type"]);
        Assert.Equal("c", (string?)ev["object"]!["metadata"]!["name"]);
    }

    [Fact]
    public async Task Too_old_resourceVersion_gets_an_ERROR_event_with_410()
    {
        var options = new LocalClusterOptions { LoadIstioCrds = false, WatchHistorySize = 5 };
        await using var c = await TestCluster.StartAsync(options);
        var first = await c.Client.CoreV1.CreateNamespacedConfigMapAsync(Objects.ConfigMap("a"), "default");
        for (var i = 0; i < 10; i++)
            await c.Client.CoreV1.PatchNamespacedConfigMapAsync(new V1Patch($$$"""{"data":{"k":"{{{i}}}"}}""", V1Patch.PatchType.MergePatch), "a", "default");
        await using var w = await WatchReader.OpenAsync(c, $"{ConfigMaps}?watch=true&resourceVersion={first.Metadata.ResourceVersion}");
        var ev = await w.NextAsync();
        Assert.Equal("ERROR", (string?)ev!["type"]);
        Assert.Equal(410, (int?)ev["object"]!["code"]);
        Assert.Equal("Expired", (string?)ev["object"]!["reason"]);
        Assert.Contains("too old resource version", (string?)ev["object"]!["message"]);
        Assert.Null(await w.NextAsync());
    }

    [Fact]
    public async Task Timeout_ends_the_stream_with_a_bookmark_and_bookmarks_come_periodically()
    {
        var options = new LocalClusterOptions { LoadIstioCrds = false, WatchBookmarkInterval = TimeSpan.FromMilliseconds(200) };
        await using var c = await TestCluster.StartAsync(options);
        var list = await c.Client.CoreV1.ListNamespacedConfigMapAsync("default");
        await using var w = await WatchReader.OpenAsync(c,
            $"{ConfigMaps}?watch=true&resourceVersion={list.Metadata.ResourceVersion}&allowWatchBookmarks=true&timeoutSeconds=1");
        var bookmark = await w.NextAsync();
        Assert.Equal("BOOKMARK", (string?)bookmark!["type"]);
        Assert.Equal(list.Metadata.ResourceVersion, (string?)bookmark["object"]!["metadata"]!["resourceVersion"]);
        JsonEvents last = new();
        while (await w.NextAsync() is { } ev) last.Add((string?)ev["type"]);
        Assert.All(last.Types, t => Assert.Equal("BOOKMARK", t)); // then the server closed the stream
    }

    [Fact]
    public async Task Dropping_watches_closes_open_streams()
    {
        await using var c = await TestCluster.StartAsync(new LocalClusterOptions { LoadIstioCrds = false });
        var list = await c.Client.CoreV1.ListNamespacedConfigMapAsync("default");
        await using var w = await WatchReader.OpenAsync(c, $"{ConfigMaps}?watch=true&resourceVersion={list.Metadata.ResourceVersion}");
        var pending = w.NextAsync();
        for (var i = 0; i < 100 && c.Server.Faults.DropWatches() == 0; i++) await Task.Delay(20);
        Assert.Null(await pending);
    }

    private sealed class JsonEvents
    {
        public List<string?> Types { get; } = new();
        public void Add(string? t) => Types.Add(t);
    }
}
