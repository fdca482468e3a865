using System.Text;
using System.Text.Json.Nodes;
using Graylane.LocalCluster.Storage;
using Graylane.LocalCluster.Watching;

namespace Graylane.LocalCluster.Api;

/// <summary>
/// ?watch=true: newline-delimited {"type","object"} events, flushed one by one. resourceVersion absent or "0"
/// starts with synthetic ADDED events for the current objects; a version older than the watch cache gets an
/// ERROR event with a 410 Expired Status. Bookmarks every interval (allowWatchBookmarks) and at timeoutSeconds.
/// </summary>
internal sealed class WatchHandler(ClusterState state, TimeSpan bookmarkInterval, CancellationToken serverStopping)
{
    public async Task WatchAsync(ResourceRequest req)
    {
        var r = req.Resource;
        var (labels, fields) = ReadHandler.Selectors(req, state);
        var bookmarks = req.Query("allowWatchBookmarks") is "true" or "1";
        var sendInitial = req.Query("sendInitialEvents") == "true";
        var rvText = req.Query("resourceVersion");
        var table = ReadHandler.TableOf(req);
        var printer = table is null ? null : state.PrinterFor(r);
        var timeout = int.TryParse(req.Query("timeoutSeconds"), out var secs) && secs > 0 ? TimeSpan.FromSeconds(secs) : (TimeSpan?)null;

        bool Wanted(JsonObject obj) =>
            (req.Namespace is null || obj.Namespace() == req.Namespace) && labels.Matches(obj.Labels()) && fields.Matches(obj);

        var initial = new List<JsonObject>();
        long from;
        if (string.IsNullOrEmpty(rvText) || rvText == "0" || sendInitial)
        {
            var (items, version) = state.Store.Snapshot(r.Type, req.Namespace);
            initial.AddRange(items.Where(Wanted));
            from = version;
        }
        else if (!long.TryParse(rvText, out from))
            throw StatusObjects.BadRequest($"invalid resource version: {rvText}");

        var http = req.Http;
        http.Response.StatusCode = 200;
        http.Response.ContentType = "application/json";
        http.Response.Headers.CacheControl = "no-cache, private";

        // kubectl get -w asks for tables: each event then carries a one-row Table of the object.
        JsonObject Shown(JsonObject obj) => table is null
            ? obj
            : table.Build(printer!, [obj], new JsonObject { ["resourceVersion"] = obj.ResourceVersion() }, state.Time.GetUtcNow());

        WatchSubscription sub;
        try
        {
            sub = state.History.Subscribe(from, ev => ev.Resource.Group == r.Group && ev.Resource.Plural == r.Plural && Wanted(ev.Object));
        }
        catch (WatchTooOldException e)
        {
            var status = StatusObjects.Failure(410, "Expired", e.Message);
            await WriteEventAsync(http, "ERROR", status, CancellationToken.None);
            return;
        }

        using (sub)
        using (var cts = CancellationTokenSource.CreateLinkedTokenSource(req.Aborted, serverStopping))
        {
            if (timeout is { } t) cts.CancelAfter(t);
            var ct = cts.Token;
            var lastSent = from;
            try
            {
                await http.Response.StartAsync(ct);
                await http.Response.Body.FlushAsync(ct);
                foreach (var obj in initial) await WriteEventAsync(http, "ADDED", Shown(ClusterState.ToServed(obj, r)), ct);
                if (sendInitial) await WriteBookmarkAsync(http, r, from, ct, initialEventsEnd: true);
                var nextBookmark = DateTime.UtcNow + bookmarkInterval;
                while (!ct.IsCancellationRequested)
                {
                    var wait = bookmarks ? nextBookmark - DateTime.UtcNow : Timeout.InfiniteTimeSpan;
                    if (bookmarks && wait <= TimeSpan.Zero)
                    {
                        await WriteBookmarkAsync(http, r, CurrentVersion(sub, lastSent), ct);
                        nextBookmark = DateTime.UtcNow + bookmarkInterval;
                        continue;
                    }
                    using var waitCts = CancellationTokenSource.CreateLinkedTokenSource(ct);
                    if (bookmarks) waitCts.CancelAfter(wait);
                    bool more;
                    try { more = await sub.Reader.WaitToReadAsync(waitCts.Token); }
                    catch (OperationCanceledException) when (!ct.IsCancellationRequested) { continue; }
                    if (!more) return; // the stream was dropped (fault) — end it without a final bookmark
                    while (sub.Reader.TryRead(out var ev))
                    {
                        if (ev.ResourceVersion <= from) continue; // already part of the initial list
                        await WriteEventAsync(http, TypeName(ev.Type), Shown(ClusterState.ToServed((JsonObject)ev.Object.DeepClone(), r)), ct);
                        lastSent = ev.ResourceVersion;
                    }
                }
            }
            catch (OperationCanceledException) { }
            catch (IOException) { return; }

            // Timed out (not a dropped client): a final bookmark tells the client where to resume.
            if (bookmarks && !req.Aborted.IsCancellationRequested && !serverStopping.IsCancellationRequested)
            {
                try { await WriteBookmarkAsync(http, r, CurrentVersion(sub, lastSent), req.Aborted); }
                catch (Exception e) when (e is IOException or OperationCanceledException) { }
            }
        }
    }

    private long CurrentVersion(WatchSubscription sub, long lastSent) =>
        sub.Reader.Count == 0 ? Math.Max(lastSent, state.History.LatestVersion) : lastSent;

    private static string TypeName(StoreEventType t) => t switch
    {
        StoreEventType.Added => "ADDED",
        StoreEventType.Modified => "MODIFIED",
        _ => "DELETED",
    };

    private static Task WriteBookmarkAsync(Microsoft.AspNetCore.Http.HttpContext http, ServedResource r, long version, CancellationToken ct,
        bool initialEventsEnd = false)
    {
        var meta = new JsonObject { ["resourceVersion"] = version.ToString() };
        if (initialEventsEnd) meta["annotations"] = new JsonObject { ["k8s.io/initial-events-end"] = "true" };
        var obj = new JsonObject { ["kind"] = r.Kind, ["apiVersion"] = r.ApiVersion, ["metadata"] = meta };
        return WriteEventAsync(http, "BOOKMARK", obj, ct);
    }

    private static async Task WriteEventAsync(Microsoft.AspNetCore.Http.HttpContext http, string type, JsonObject obj, CancellationToken ct)
    {
        var line = new JsonObject { ["type"] = type, ["object"] = obj }.ToJsonString() + "\n";
        await http.Response.Body.WriteAsync(Encoding.UTF8.GetBytes(line), ct);
        await http.Response.Body.FlushAsync(ct);
    }
}
