using System.Net;
using System.Net.Http.Headers;
using System.Runtime.CompilerServices;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Graylane.Kubernetes;

/// <summary>
/// The Kubernetes REST API as Graylane uses it: every object as JSON (built-in and custom kinds alike, so
/// unmodelled fields survive), optimistic concurrency by resourceVersion, and a raw watch stream.
/// KubernetesClient.Aot supplies the kubeconfig handling, TLS and credentials; requests go out on its HttpClient.
/// </summary>
public sealed class KubeApi : IDisposable
{
    private readonly HttpClient _http;
    private readonly Uri _base;
    private readonly Func<HttpRequestMessage, CancellationToken, Task> _authorize;
    private readonly IDisposable? _owner;
    private readonly ObjectMemory _seen = new();
    private int _requests;
    private int _writes;

    public KubeApi(HttpClient http, Uri baseUri, Func<HttpRequestMessage, CancellationToken, Task> authorize, string defaultNamespace, IDisposable? owner = null)
    {
        _http = http;
        _base = new Uri(baseUri.ToString().TrimEnd('/') + "/");
        _authorize = authorize;
        DefaultNamespace = defaultNamespace;
        _owner = owner;
    }

    /// <summary>The namespace of the kubeconfig context (or "default").</summary>
    public string DefaultNamespace { get; }

    /// <summary>How the server's certificate is checked (from the kubeconfig).</summary>
    public KubeTransport.ServerTrust Trust { get; init; } = KubeTransport.ServerTrust.SystemStore;

    /// <summary>The kubeconfig's tls-server-name: the name the server's certificate is checked against (sent as SNI and Host).</summary>
    public string? TlsServerName { get; init; }

    /// <summary>Requests sent so far (reads and writes), for the benchmark and logs.</summary>
    public int RequestCount => _requests;

    /// <summary>Writes sent so far (create, replace, patch, delete).</summary>
    public int WriteCount => _writes;

    /// <summary>
    /// Asked before every write (with the kind and name written): an exception stops the write and the step — the
    /// release's Lease sets it while held, so a step that lost its lease changes nothing more.
    /// </summary>
    public Func<KubeResource, string?, Exception?>? WriteGuard { get; set; }

    /// <summary>
    /// A write starts only if the step was not cancelled and the guard allows it; once sent it is not cancelled halfway
    /// (its answer is read, so the step knows what landed): a cancelled step stops between writes, at a safe point.
    /// </summary>
    private CancellationToken BeginWrite(KubeResource r, string? name, CancellationToken ct)
    {
        ct.ThrowIfCancellationRequested();
        if (WriteGuard?.Invoke(r, name) is { } refused) throw refused;
        return CancellationToken.None;
    }

    /// <summary>Reads the object from the server (null when not found) — for a step that waits for a change.</summary>
    public async Task<JsonObject?> GetAsync(KubeResource r, string? ns, string name, CancellationToken ct = default)
    {
        var path = r.ItemPath(ns, name);
        using var res = await SendAsync(HttpMethod.Get, path, null, null, ct);
        if (res.StatusCode == HttpStatusCode.NotFound)
        {
            _seen.Remember(path, null);
            return null;
        }
        return Remember(path, await ReadAsync(res, "get", r, ns, name, ct));
    }

    /// <summary>
    /// The object as this step last saw it — read, listed, watched, or as its own write left it — and from the server only
    /// when the step has not seen it yet: each object is read once per step. Not for loops that wait for a change.
    /// </summary>
    public Task<JsonObject?> GetCachedAsync(KubeResource r, string? ns, string name, CancellationToken ct = default) =>
        _seen.TryRecall(r.ItemPath(ns, name), out var seen) ? Task.FromResult(seen) : GetAsync(r, ns, name, ct);

    /// <summary>The object as this step last saw it, without asking the server: seen is false when the step never saw it.</summary>
    public (bool Seen, JsonObject? Object) Recall(KubeResource r, string? ns, string name) =>
        _seen.TryRecall(r.ItemPath(ns, name), out var obj) ? (true, obj) : (false, null);

    /// <summary>Lists objects; the result is the List object (items plus metadata.resourceVersion for a following watch).</summary>
    public async Task<JsonObject> ListAsync(KubeResource r, string? ns, string? labelSelector = null, string? fieldSelector = null, CancellationToken ct = default)
    {
        var query = Query(("labelSelector", labelSelector), ("fieldSelector", fieldSelector));
        using var res = await SendAsync(HttpMethod.Get, r.CollectionPath(ns) + query, null, null, ct);
        var list = await ReadAsync(res, "list", r, ns, null, ct);
        if (list["items"] is JsonArray items)
            foreach (var item in items.OfType<JsonObject>())
            {
                // List items of built-in kinds come without apiVersion and kind; a later write of the object needs them.
                item["apiVersion"] ??= r.ApiVersion;
                item["kind"] ??= r.Kind;
                if ((string?)item["metadata"]?["name"] is { } itemName)
                    _seen.Remember(r.ItemPath((string?)item["metadata"]?["namespace"] ?? ns, itemName), item);
            }
        return list;
    }

    public async Task<IReadOnlyList<JsonObject>> ListItemsAsync(KubeResource r, string? ns, string? labelSelector = null, string? fieldSelector = null, CancellationToken ct = default)
    {
        var list = await ListAsync(r, ns, labelSelector, fieldSelector, ct);
        return list["items"] is JsonArray items ? items.OfType<JsonObject>().Select(o => (JsonObject)o.DeepClone()).ToList() : [];
    }

    public async Task<JsonObject> CreateAsync(KubeResource r, string? ns, JsonObject obj, CancellationToken ct = default)
    {
        var name = (string?)obj["metadata"]?["name"];
        ct = BeginWrite(r, name, ct);
        var path = name is null ? null : r.ItemPath(ns, name);
        if (path is not null) _seen.Forget(path);
        using var res = await SendAsync(HttpMethod.Post, r.CollectionPath(ns), obj.ToJsonString(), "application/json", ct, write: true);
        var created = await ReadAsync(res, "create", r, ns, name, ct);
        return path is null ? created : Remember(path, created);
    }

    /// <summary>PUT: fails with 409 Conflict when metadata.resourceVersion is stale.</summary>
    public async Task<JsonObject> ReplaceAsync(KubeResource r, string? ns, JsonObject obj, CancellationToken ct = default)
    {
        var name = (string?)obj["metadata"]?["name"] ?? throw new ArgumentException("object has no name");
        ct = BeginWrite(r, name, ct);
        var path = r.ItemPath(ns, name);
        _seen.Forget(path); // until the answer says what the object is now
        using var res = await SendAsync(HttpMethod.Put, path, obj.ToJsonString(), "application/json", ct, write: true);
        return Remember(path, await ReadAsync(res, "update", r, ns, name, ct));
    }

    /// <summary>PATCH; a merge patch that carries metadata.resourceVersion is applied only if the object is unchanged.</summary>
    public async Task<JsonObject> PatchAsync(KubeResource r, string? ns, string name, PatchKind kind, string body, CancellationToken ct = default)
    {
        ct = BeginWrite(r, name, ct);
        var path = r.ItemPath(ns, name);
        _seen.Forget(path);
        using var res = await SendAsync(HttpMethod.Patch, path, body, kind.ContentType(), ct, write: true);
        return Remember(path, await ReadAsync(res, "patch", r, ns, name, ct));
    }

    /// <summary>Deletes; returns false when the object was already gone. Dependents are removed in the background.</summary>
    public async Task<bool> DeleteAsync(KubeResource r, string? ns, string name, string? resourceVersion = null, CancellationToken ct = default)
    {
        ct = BeginWrite(r, name, ct);
        var path = r.ItemPath(ns, name);
        _seen.Forget(path);
        var options = new JsonObject { ["kind"] = "DeleteOptions", ["apiVersion"] = "v1", ["propagationPolicy"] = "Background" };
        if (resourceVersion is not null) options["preconditions"] = new JsonObject { ["resourceVersion"] = resourceVersion };
        using var res = await SendAsync(HttpMethod.Delete, path, options.ToJsonString(), "application/json", ct, write: true);
        if (res.StatusCode == HttpStatusCode.NotFound)
        {
            _seen.Remember(path, null);
            return false;
        }
        await ReadAsync(res, "delete", r, ns, name, ct);
        _seen.Remember(path, null); // as far as this step is concerned it is gone (a finalizer may keep it a while)
        return true;
    }

    /// <summary>
    /// Streams watch events after resourceVersion until the server ends the stream (timeoutSeconds) or ct fires.
    /// A 410 Gone arrives as an ERROR event whose object is a Status with code 410: the caller lists again.
    /// </summary>
    public async IAsyncEnumerable<WatchEvent> WatchAsync(KubeResource r, string? ns, string? fieldSelector, string? resourceVersion,
        int timeoutSeconds = 300, [EnumeratorCancellation] CancellationToken ct = default)
    {
        var query = Query(("watch", "true"), ("fieldSelector", fieldSelector), ("resourceVersion", resourceVersion),
            ("allowWatchBookmarks", "true"), ("timeoutSeconds", timeoutSeconds.ToString(System.Globalization.CultureInfo.InvariantCulture)));
        using var req = NewRequest(HttpMethod.Get, (r.CollectionPath(ns) + query).TrimStart('/'));
        await _authorize(req, ct);
        Interlocked.Increment(ref _requests);
        using var res = await _http.SendAsync(req, HttpCompletionOption.ResponseHeadersRead, ct);
        if (!res.IsSuccessStatusCode)
        {
            await ReadAsync(res, "watch", r, ns, null, ct); // throws with the server's Status
            yield break;
        }
        await using var stream = await res.Content.ReadAsStreamAsync(ct);
        using var reader = new StreamReader(stream, Encoding.UTF8);
        while (true)
        {
            string? line;
            try { line = await reader.ReadLineAsync(ct); }
            catch (IOException) { yield break; } // the server dropped the stream: the caller resumes from its last version
            catch (HttpRequestException) { yield break; }
            if (line is null) yield break;
            if (line.Length == 0) continue;
            JsonObject? ev;
            try { ev = JsonNode.Parse(line) as JsonObject; }
            catch (JsonException) { yield break; }
            if (ev?["object"] is JsonObject obj && (string?)ev["type"] is { } type)
            {
                if (type is "ADDED" or "MODIFIED" && (string?)obj["metadata"]?["name"] is { } seenName)
                    _seen.Remember(r.ItemPath((string?)obj["metadata"]?["namespace"] ?? ns, seenName), obj);
                yield return new WatchEvent(type, (JsonObject)obj.DeepClone());
            }
        }
    }

    /// <summary>GET of a non-resource path (e.g. the local cluster's /graylane/route), answered as JSON.</summary>
    public Task<JsonObject> GetRawAsync(string pathAndQuery, CancellationToken ct = default) => SendRawAsync(HttpMethod.Get, pathAndQuery, ct);

    /// <summary>A body-less request to a non-resource path (e.g. POST /graylane/traffic?...), answered as JSON.</summary>
    public async Task<JsonObject> SendRawAsync(HttpMethod method, string pathAndQuery, CancellationToken ct = default)
    {
        using var res = await SendAsync(method, pathAndQuery, null, null, ct);
        return await ReadAsync(res, method.Method.ToLowerInvariant(), new KubeResource("", "", "", pathAndQuery, Namespaced: false), null, null, ct);
    }

    /// <summary>POST of a JSON body to a path (e.g. a ServiceAccount's token subresource), answered as JSON.</summary>
    public async Task<JsonObject> PostRawAsync(string path, JsonObject body, CancellationToken ct = default)
    {
        using var res = await SendAsync(HttpMethod.Post, path, body.ToJsonString(), "application/json", ct);
        return await ReadAsync(res, "create", new KubeResource("", "", "", path, Namespaced: false), null, null, ct);
    }

    private async Task<HttpResponseMessage> SendAsync(HttpMethod method, string path, string? body, string? contentType, CancellationToken ct, bool write = false)
    {
        using var req = NewRequest(method, path.TrimStart('/'));
        req.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("application/json"));
        if (body is not null)
        {
            req.Content = new StringContent(body, Encoding.UTF8);
            req.Content.Headers.ContentType = MediaTypeHeaderValue.Parse(contentType ?? "application/json");
        }
        await _authorize(req, ct);
        Interlocked.Increment(ref _requests);
        if (write) Interlocked.Increment(ref _writes);
        return await _http.SendAsync(req, ct);
    }

    private JsonObject Remember(string path, JsonObject obj)
    {
        _seen.Remember(path, obj);
        return obj;
    }

    /// <summary>HTTP/2 when the server offers it by ALPN (else HTTP/1.1), so the step's requests share one connection.</summary>
    private HttpRequestMessage NewRequest(HttpMethod method, string relative)
    {
        var req = new HttpRequestMessage(method, new Uri(_base, relative))
        {
            Version = HttpVersion.Version20,
            VersionPolicy = HttpVersionPolicy.RequestVersionOrLower,
        };
        // The TLS layer takes the server name from the Host header: that is how tls-server-name reaches SNI and the name check.
        if (TlsServerName is not null) req.Headers.Host = TlsServerName;
        return req;
    }

    private static async Task<JsonObject> ReadAsync(HttpResponseMessage res, string verb, KubeResource r, string? ns, string? name, CancellationToken ct)
    {
        var text = await res.Content.ReadAsStringAsync(ct);
        JsonObject? json = null;
        try { json = text.Length > 0 ? JsonNode.Parse(text) as JsonObject : null; }
        catch (JsonException) { }
        if (res.IsSuccessStatusCode)
            return json ?? throw new KubeApiException(res.StatusCode, null, "the server answered with no JSON object", verb, r, ns, name);
        var message = (string?)json?["message"] ?? (text.Length > 200 ? text[..200] : text);
        throw new KubeApiException(res.StatusCode, (string?)json?["reason"], message, verb, r, ns, name);
    }

    private static string Query(params (string Key, string? Value)[] parts)
    {
        var given = parts.Where(p => !string.IsNullOrEmpty(p.Value)).Select(p => $"{p.Key}={Uri.EscapeDataString(p.Value!)}").ToList();
        return given.Count == 0 ? "" : "?" + string.Join("&", given);
    }

    public void Dispose() => _owner?.Dispose();
}
