using System.Collections.Concurrent;
using Graylane.Tests.Approvals.Support;

namespace Graylane.Tests.Workflows.GitHub;

/// <summary>
/// GitHub's release downloads as a local server, reached the way actions/setup is pointed at a mirror
/// (GRAYLANE_DOWNLOAD_URL): GET /&lt;tag&gt;/&lt;asset&gt; answers with the asset, 404 otherwise. Every request is recorded.
/// </summary>
public sealed class FakeReleases : IAsyncDisposable
{
    private readonly ConcurrentDictionary<string, byte[]> _assets = new(StringComparer.Ordinal);
    private FakeHttpServer _server = null!;

    public Uri Url => _server.Url;

    /// <summary>The paths asked for, e.g. /v1.0.0/graylane-linux-x64.tar.gz.</summary>
    public IReadOnlyList<string> Downloads => _server.Requests.Select(r => r.Path).ToList();

    public static async Task<FakeReleases> StartAsync()
    {
        var fake = new FakeReleases();
        fake._server = await FakeHttpServer.StartAsync(TimeProvider.System, async (ctx, req) =>
        {
            if (req.Method == "GET" && fake._assets.TryGetValue(req.Path, out var content))
            {
                ctx.Response.ContentType = "application/octet-stream";
                await ctx.Response.Body.WriteAsync(content);
                return;
            }
            ctx.Response.StatusCode = 404;
        });
        return fake;
    }

    /// <summary>A release with every build the release workflow publishes.</summary>
    public void Release(string tag)
    {
        foreach (var rid in ReleaseAssets.NativeBuilds) _assets[$"/{tag}/graylane-{rid}.tar.gz"] = ReleaseAssets.Native(rid, tag);
        _assets[$"/{tag}/graylane-portable.tar.gz"] = ReleaseAssets.Portable();
    }

    public ValueTask DisposeAsync() => _server.DisposeAsync();
}
