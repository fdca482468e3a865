using System.Collections.Concurrent;
using System.Text;
using System.Text.Json.Nodes;
using Graylane.LocalCluster.Diagnostics;
using Microsoft.AspNetCore.Http;

namespace Graylane.LocalCluster.Api;

/// <summary>
/// The single request delegate: extra endpoints first (no token, not logged), then authentication (401) and
/// authorization (403, in RBAC mode),
/// request log, faults, and the Kubernetes routes (discovery, openapi, resources).
/// </summary>
internal sealed class ApiDispatcher
{
    private readonly ClusterState _state;
    private readonly Authorization.ClusterAuthorization _auth;
    private readonly TokenRequestHandler _tokenRequests;
    private readonly ApiRequestLog _log;
    private readonly FaultInjector _faults;
    private readonly ConcurrentDictionary<string, Func<HttpContext, Task>> _extra;
    private readonly ReadHandler _read;
    private readonly WatchHandler _watch;
    private readonly WriteHandler _write;
    private readonly DeleteHandler _delete;
    private readonly ScaleHandler _scale;
    private readonly CreateOnlyHandler _createOnly;

    public ApiDispatcher(ClusterState state, Authorization.ClusterAuthorization auth, ApiRequestLog log, FaultInjector faults,
        ConcurrentDictionary<string, Func<HttpContext, Task>> extra, TimeSpan bookmarkInterval, CancellationToken stopping)
    {
        _state = state;
        _auth = auth;
        _tokenRequests = new TokenRequestHandler(state, auth);
        _log = log;
        _faults = faults;
        _extra = extra;
        _read = new ReadHandler(state);
        _watch = new WatchHandler(state, bookmarkInterval, stopping);
        _write = new WriteHandler(state);
        _delete = new DeleteHandler(state, new GarbageCollector(state));
        _scale = new ScaleHandler(state);
        _createOnly = new CreateOnlyHandler(state, auth);
    }

    public async Task HandleAsync(HttpContext ctx)
    {
        var path = ctx.Request.Path.Value ?? "/";
        foreach (var (prefix, handler) in _extra)
            if (path.StartsWith(prefix, StringComparison.Ordinal))
            {
                await handler(ctx);
                return;
            }

        var requestBody = new CountingStream(ctx.Request.Body);
        var responseBody = new CountingStream(ctx.Response.Body);
        ctx.Request.Body = requestBody;
        ctx.Response.Body = responseBody;
        var segments = path.Split('/', StringSplitOptions.RemoveEmptyEntries);
        var target = RequestTarget.Parse(segments);
        var verb = target is null ? "" : VerbOf(ctx, target);
        // Counted from the moment its answer starts, so a test can wait until every answered request is in the log.
        var pending = _log.Begin(ApiRequestEntry.IsWriteVerb(verb));
        ctx.Response.OnStarting(() =>
        {
            pending.Answering();
            return Task.CompletedTask;
        });
        try
        {
            var identity = _auth.Authenticate(ctx.Request.Headers.Authorization.ToString())
                           ?? throw new ApiException(401, "Unauthorized", "Unauthorized");
            ctx.Items[RequestIdentity.Key] = identity;
            var attributes = RequestIdentity.Attributes(ctx, target, verb, path);
            if (!_auth.Allows(identity, attributes)) throw Authorization.ClusterAuthorization.Forbidden(identity, attributes);
            if (target is not null)
            {
                var fault = await _faults.EvaluateAsync(verb, target.Group, target.Plural, target.Namespace, target.Name, ctx.RequestAborted);
                if (fault is { Abort: true })
                {
                    ctx.Abort();
                    return;
                }
                if (fault?.Error is { } error) throw error;
                if (fault?.After is { } after)
                {
                    await HandleThenFaultReplyAsync(ctx, target, verb, after);
                    return;
                }
                await HandleResourceAsync(ctx, target, verb);
            }
            else await HandleNonResourceAsync(ctx, segments);
        }
        catch (ApiException e)
        {
            if (!ctx.Response.HasStarted) await HttpJson.WriteErrorAsync(ctx, e);
        }
        catch (OperationCanceledException) when (ctx.RequestAborted.IsCancellationRequested) { }
        catch (Exception e) when (!ctx.Response.HasStarted)
        {
            // A bug here must still answer like a server would, with the cause in the message.
            await HttpJson.WriteErrorAsync(ctx, new ApiException(500, "InternalError", $"Internal error occurred: {e.GetType().Name}: {e.Message}"));
        }
        finally
        {
            pending.Complete(new ApiRequestEntry(DateTimeOffset.UtcNow, ctx.Request.Method, path + ctx.Request.QueryString, verb,
                target?.Group ?? "", target?.Plural ?? "", target?.Subresource ?? "", target?.Namespace, target?.Name,
                ctx.Response.StatusCode, requestBody.Count, responseBody.Count)
            { Protocol = ctx.Request.Protocol, Connection = ctx.Connection.Id });
        }
    }

    /// <summary>
    /// Carries the request out with its answer kept back, waits for the rule's hold, then drops the connection (the lost
    /// reply: the write landed, the client never hears so) or sends the answer late.
    /// </summary>
    private async Task HandleThenFaultReplyAsync(HttpContext ctx, RequestTarget target, string verb, FaultRule rule)
    {
        var wire = ctx.Response.Body;
        using var kept = new MemoryStream();
        ctx.Response.Body = kept;
        try
        {
            await HandleResourceAsync(ctx, target, verb);
        }
        catch (ApiException e)
        {
            await HttpJson.WriteErrorAsync(ctx, e);
        }
        finally
        {
            ctx.Response.Body = wire;
        }
        if (rule.BeforeReply is { } hold) await hold();
        if (rule.LoseReply)
        {
            ctx.Abort();
            return;
        }
        kept.Position = 0;
        await kept.CopyToAsync(wire, ctx.RequestAborted);
    }

    private static string VerbOf(HttpContext ctx, RequestTarget t) => ctx.Request.Method switch
    {
        "GET" when t.Name is not null => "get",
        "GET" => ctx.Request.Query["watch"].Any(w => w is "true" or "1") ? "watch" : "list",
        "POST" => "create",
        "PUT" => "update",
        "PATCH" => "patch",
        "DELETE" when t.Name is not null => "delete",
        "DELETE" => "deletecollection",
        _ => ctx.Request.Method.ToLowerInvariant(),
    };

    private Task HandleResourceAsync(HttpContext ctx, RequestTarget t, string verb)
    {
        var r = _state.Registry.Find(t.Group, t.Version, t.Plural) ?? throw StatusObjects.UnknownPath();
        if (r.Namespaced == false && t.Namespace is not null) throw StatusObjects.UnknownPath();
        var req = new ResourceRequest(ctx, r, t, verb);
        var needsName = verb is "get" or "update" or "patch" or "delete";
        if (needsName && t.Name is null) throw StatusObjects.MethodNotAllowed(ctx.Request.Method);
        switch (t.Subresource)
        {
            case "" when !r.Allows(verb):
                throw StatusObjects.MethodNotAllowed(ctx.Request.Method);
            case "" when r.ServedVerbs is ["create"]:
                return _createOnly.CreateAsync(req);
            case "":
                return verb switch
                {
                    "get" => _read.GetAsync(req),
                    "list" => _read.ListAsync(req),
                    "watch" => _watch.WatchAsync(req),
                    "create" when t.Name is null => _write.CreateAsync(req),
                    "update" => _write.UpdateAsync(req),
                    "patch" => _write.PatchAsync(req),
                    "delete" => _delete.DeleteAsync(req),
                    "deletecollection" => _delete.DeleteCollectionAsync(req),
                    _ => throw StatusObjects.MethodNotAllowed(ctx.Request.Method),
                };
            case "status" when r.HasStatus:
                return verb switch
                {
                    "get" => _read.GetAsync(req),
                    "update" => _write.UpdateAsync(req),
                    "patch" => _write.PatchAsync(req),
                    _ => throw StatusObjects.MethodNotAllowed(ctx.Request.Method),
                };
            case "token" when r.Group.Length == 0 && r.Plural == "serviceaccounts" && verb == "create":
                return _tokenRequests.CreateAsync(req);
            case "scale" when r.HasScale:
                return verb switch
                {
                    "get" => _scale.GetAsync(req),
                    "update" => _scale.UpdateAsync(req),
                    "patch" => _scale.PatchAsync(req),
                    _ => throw StatusObjects.MethodNotAllowed(ctx.Request.Method),
                };
            default:
                throw StatusObjects.UnknownPath();
        }
    }

    private async Task HandleNonResourceAsync(HttpContext ctx, string[] s)
    {
        if (ctx.Request.Method != "GET") throw StatusObjects.MethodNotAllowed(ctx.Request.Method);
        var registry = _state.Registry;
        JsonNode? body = s switch
        {
            ["version"] => DiscoveryDocuments.Version(),
            ["api"] => DiscoveryDocuments.CoreVersions(ctx.Request.Host.Value ?? ""),
            ["api", var v] => DiscoveryDocuments.ResourceListOrNull(registry, "", v),
            ["apis"] => DiscoveryDocuments.GroupList(registry),
            ["apis", var g] => DiscoveryDocuments.GroupOrNull(registry, g),
            ["apis", var g, var v] => DiscoveryDocuments.ResourceListOrNull(registry, g, v),
            ["openapi", "v3"] => OpenApiV3Documents.Index(registry),
            ["healthz" or "livez" or "readyz"] => null,
            _ => null,
        };
        if (s is ["api"] or ["apis"] && AggregatedDiscovery.Negotiate(ctx.Request.Headers.Accept.ToString()) is { } discoveryVersion)
        {
            var doc = AggregatedDiscovery.Document(registry, core: s[0] == "api", discoveryVersion);
            await WriteTextAsync(ctx, AggregatedDiscovery.ContentType(discoveryVersion), doc.ToJsonString());
            return;
        }
        if (s is ["healthz" or "livez" or "readyz"])
        {
            await WriteTextAsync(ctx, "text/plain", "ok");
            return;
        }
        if (s is ["openapi", "v2"])
        {
            await ServeOpenApiV2Async(ctx);
            return;
        }
        if (s.Length > 2 && s[0] == "openapi" && s[1] == "v3")
        {
            var doc = OpenApiV3Documents.Document(registry, string.Join('/', s.Skip(2))) ?? throw StatusObjects.UnknownPath();
            await WriteTextAsync(ctx, "application/json", doc);
            return;
        }
        await HttpJson.WriteAsync(ctx, 200, body ?? throw StatusObjects.UnknownPath());
    }

    /// <summary>
    /// The swagger document as JSON. client-go asks for it only as protobuf; answering that with 406 makes
    /// kubectl skip it (OpenAPI v3 above is what it then uses).
    /// </summary>
    private static Task ServeOpenApiV2Async(HttpContext ctx)
    {
        var accept = ctx.Request.Headers.Accept.ToString();
        var wantsJson = accept.Length == 0 || accept.Contains("json", StringComparison.OrdinalIgnoreCase) || accept.Contains("*/*");
        if (!wantsJson)
            throw new ApiException(406, "NotAcceptable", "only the following media types are accepted: application/json", new JsonObject());
        return WriteTextAsync(ctx, "application/json", Schemas.EmbeddedSchemas.SwaggerText);
    }

    private static async Task WriteTextAsync(HttpContext ctx, string contentType, string text)
    {
        var bytes = Encoding.UTF8.GetBytes(text);
        ctx.Response.StatusCode = 200;
        ctx.Response.ContentType = contentType;
        ctx.Response.ContentLength = bytes.Length;
        await ctx.Response.Body.WriteAsync(bytes, ctx.RequestAborted);
    }
}
