using System.Text.Json.Nodes;
using Graylane.LocalCluster.Storage;

namespace Graylane.LocalCluster.Api;

/// <summary>create (POST), update (PUT) and patch (PATCH), including /status and ?dryRun=All.</summary>
internal sealed class WriteHandler(ClusterState state)
{
    private const string GenerateNameChars = "bcdfghjklmnpqrstvwxz2456789";

    public async Task CreateAsync(ResourceRequest req)
    {
        var r = req.Resource;
        var obj = await ReadObjectAsync(req);
        var meta = obj.Meta();
        if (obj.ResourceVersion() is { Length: > 0 })
            throw StatusObjects.BadRequest("resourceVersion should not be set on objects to be created");
        if (string.IsNullOrEmpty(meta["name"].Str()) && meta["generateName"].Str() is { Length: > 0 } prefix)
            meta["name"] = prefix + new string(Enumerable.Range(0, 5).Select(_ => GenerateNameChars[Random.Shared.Next(GenerateNameChars.Length)]).ToArray());
        foreach (var serverOwned in new[] { "uid", "creationTimestamp", "generation", "deletionTimestamp" }) meta.Remove(serverOwned);
        if (r.HasStatus && r.Type != BuiltInTypes.Pods) obj.Remove("status"); // status is written through /status only
        ManagedFieldsRequest.Force(req, isApply: false);
        state.Defaults.Apply(r, obj, null);
        Admission.Admit(req, obj);
        state.RequireNamespace(req.Namespace);
        obj = ManagedFieldsRequest.For(req, state).Update(null, obj, ManagedFieldsRequest.Manager(req));

        if (req.DryRun)
        {
            meta["uid"] ??= Guid.NewGuid().ToString(); // a Job's was given with its selector
            meta["generation"] = 1;
            meta["creationTimestamp"] = state.Time.GetUtcNow().UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'");
            await HttpJson.WriteAsync(req.Http, 201, ClusterState.ToServed(obj, r));
            return;
        }
        JsonObject created;
        try { created = state.Store.Create(r.Type, ToStorage(obj, r)); }
        catch (StoreException e) { throw StatusObjects.FromStore(e, r, obj.Name() ?? ""); }
        if (r.Type == BuiltInTypes.CustomResourceDefinitions) created = state.AfterCrdWrite(created);
        await HttpJson.WriteAsync(req.Http, 201, ClusterState.ToServed(created, r));
    }

    public async Task UpdateAsync(ResourceRequest req)
    {
        var r = req.Resource;
        var obj = await ReadObjectAsync(req);
        var name = obj.Name();
        if (name is not null && name != req.Name)
            throw StatusObjects.BadRequest($"the name of the object ({name}) does not match the name on the URL ({req.Name})");
        obj.Meta()["name"] = req.Name;
        ManagedFieldsRequest.Force(req, isApply: false);
        var current = state.GetOrThrow(r, req.Namespace, req.Name!);
        await SaveAsync(req, current, obj);
    }

    public async Task PatchAsync(ResourceRequest req)
    {
        var r = req.Resource;
        var mediaType = PatchApplier.MediaType(req.Http.Request.ContentType);
        PatchApplier.CheckSupported(mediaType, r);
        var isApply = mediaType == PatchApplier.Apply;
        ManagedFieldsRequest.Force(req, isApply);
        var body = await HttpJson.ReadTextAsync(req.Http);
        for (var attempt = 0; ; attempt++)
        {
            var current = state.Store.Get(r.Type, req.Namespace, req.Name!);
            if (current is null)
            {
                if (mediaType != PatchApplier.Apply || req.Subresource.Length > 0) throw StatusObjects.NotFound(r, req.Name!);
                await CreateFromApplyAsync(req, body);
                return;
            }
            ClusterState.ToServed(current, r);
            var patched = isApply
                ? ManagedFieldsRequest.Apply(req, state, current, ApplyConfiguration(req, body))
                : PatchApplier.ApplyPatch(mediaType, (JsonObject)current.DeepClone(), body, r.Group, r.Version, r.Kind);
            var wanted = patched.ResourceVersion();
            var pinned = wanted is { Length: > 0 } && wanted != current.ResourceVersion();
            if (pinned)
                throw new ApiException(409, "Conflict",
                    $"Operation cannot be fulfilled on {r.Type.Resource} \"{req.Name}\": the object has been modified; please apply your changes to the latest version and try again",
                    StatusObjects.Details(r, req.Name!));
            // The patch is applied to what was read: storing with that version makes it atomic; on a race, patch again.
            patched.Meta()["resourceVersion"] = current.ResourceVersion();
            try
            {
                await SaveAsync(req, current, patched, managedFieldsDone: isApply);
                return;
            }
            catch (ApiException e) when (e.Code == 409 && e.Reason == "Conflict" && attempt < 5) { }
        }
    }

    /// <summary>
    /// Checks and stores a full new object (PUT body or patch result) for the main resource or /status, with the
    /// writer's fields recorded in metadata.managedFields (an apply has recorded them already).
    /// </summary>
    private async Task SaveAsync(ResourceRequest req, JsonObject current, JsonObject incoming, bool managedFieldsDone = false)
    {
        var r = req.Resource;
        var statusOnly = req.Subresource == "status";
        var meta = incoming.Meta();
        meta["name"] = req.Name;
        if (req.Namespace is not null) meta["namespace"] = req.Namespace;
        else meta.Remove("namespace");

        // What the object will look like, for validation and dry runs.
        JsonObject preview;
        if (statusOnly)
        {
            preview = ClusterState.ToServed((JsonObject)current.DeepClone(), r);
            preview["status"] = incoming["status"]?.DeepClone();
            var rv = incoming.ResourceVersion();
            if (rv is { Length: > 0 }) preview.Meta()["resourceVersion"] = rv;
        }
        else
        {
            preview = incoming;
            if (r.HasStatus)
            {
                if (current["status"] is { } s) preview["status"] = s.DeepClone();
                else preview.Remove("status");
            }
            foreach (var key in new[] { "uid", "creationTimestamp", "generation" })
                preview.Meta()[key] = current["metadata"]?[key]?.DeepClone();
        }
        ClusterState.ToServed(preview, r);
        if (!statusOnly) state.Defaults.Apply(r, preview, current);
        Admission.Admit(req, preview, current);
        if (!managedFieldsDone)
        {
            preview = ManagedFieldsRequest.For(req, state).Update(current, preview, ManagedFieldsRequest.Manager(req));
            if (statusOnly) incoming.Meta()["managedFields"] = preview.Meta()["managedFields"]?.DeepClone();
        }

        if (req.DryRun)
        {
            var rv = preview.ResourceVersion();
            if (rv is { Length: > 0 } && rv != current.ResourceVersion())
                throw new ApiException(409, "Conflict",
                    $"Operation cannot be fulfilled on {r.Type.Resource} \"{req.Name}\": the object has been modified; please apply your changes to the latest version and try again",
                    StatusObjects.Details(r, req.Name!));
            preview.Meta()["resourceVersion"] = current.ResourceVersion();
            if (!statusOnly && !SameSpec(current, preview)) preview.Meta()["generation"] = (current["metadata"]?["generation"].Long() ?? 1) + 1;
            await HttpJson.WriteAsync(req.Http, 200, preview);
            return;
        }
        JsonObject saved;
        try { saved = state.Store.Update(r.Type, ToStorage(statusOnly ? incoming : preview, r), statusOnly); }
        catch (StoreException e) { throw StatusObjects.FromStore(e, r, req.Name!); }
        if (r.Type == BuiltInTypes.CustomResourceDefinitions && !statusOnly) saved = state.AfterCrdWrite(saved);
        await HttpJson.WriteAsync(req.Http, 200, ClusterState.ToServed(saved, r));
    }

    private async Task CreateFromApplyAsync(ResourceRequest req, string body)
    {
        var obj = ManagedFieldsRequest.Apply(req, state, null, ApplyConfiguration(req, body));
        obj.Meta().Remove("uid"); // the server gives the uid, as on any create
        state.Defaults.Apply(req.Resource, obj, null);
        Admission.Admit(req, obj);
        state.RequireNamespace(req.Namespace);
        if (req.DryRun)
        {
            await HttpJson.WriteAsync(req.Http, 201, ClusterState.ToServed(obj, req.Resource));
            return;
        }
        var created = state.Store.Create(req.Resource.Type, ToStorage(obj, req.Resource));
        await HttpJson.WriteAsync(req.Http, 201, ClusterState.ToServed(created, req.Resource));
    }

    /// <summary>An apply body: the object's configuration, named and placed by the URL; status is applied through /status only.</summary>
    private static JsonObject ApplyConfiguration(ResourceRequest req, string body)
    {
        var config = HttpJson.ParseObject(body, "application/yaml");
        var r = req.Resource;
        if (config["apiVersion"].Str() is not { Length: > 0 } apiVersion || config["kind"].Str() is not { Length: > 0 } kind)
            throw StatusObjects.BadRequest("apiVersion and kind must be set in an applied configuration");
        if (apiVersion != r.ApiVersion || kind != r.Kind)
            throw StatusObjects.BadRequest($"the kind in the data ({apiVersion}, Kind={kind}) does not match the expected kind ({r.ApiVersion}, Kind={r.Kind})");
        var meta = config.Meta();
        if (meta["name"].Str() is { Length: > 0 } name && name != req.Name)
            throw StatusObjects.BadRequest($"the name of the object ({name}) does not match the name on the URL ({req.Name})");
        meta["name"] = req.Name;
        if (req.Namespace is not null)
        {
            if (meta["namespace"].Str() is { Length: > 0 } ns && ns != req.Namespace)
                throw StatusObjects.BadRequest("the namespace of the provided object does not match the namespace sent on the request");
            meta["namespace"] = req.Namespace;
        }
        else meta.Remove("namespace");
        if (req.Subresource.Length == 0 && r.HasStatus) config.Remove("status");
        return config;
    }

    /// <summary>Reads a POST/PUT body and checks it against the URL (apiVersion, kind, namespace).</summary>
    internal static async Task<JsonObject> ReadObjectAsync(ResourceRequest req)
    {
        var r = req.Resource;
        var obj = await RequestBodies.ReadObjectAsync(req.Http);
        var apiVersion = obj["apiVersion"].Str();
        if (apiVersion is { Length: > 0 } && apiVersion != r.ApiVersion)
            throw StatusObjects.BadRequest($"the API version in the data ({apiVersion}) does not match the expected API version ({r.ApiVersion})");
        var kind = obj["kind"].Str();
        if (kind is { Length: > 0 } && kind != r.Kind)
            throw StatusObjects.BadRequest($"the kind in the data ({kind}) does not match the expected kind ({r.Kind})");
        obj["apiVersion"] = r.ApiVersion;
        obj["kind"] = r.Kind;
        var meta = obj.Meta();
        var ns = meta["namespace"].Str();
        if (req.Namespace is not null)
        {
            if (ns is { Length: > 0 } && ns != req.Namespace)
                throw StatusObjects.BadRequest("the namespace of the provided object does not match the namespace sent on the request");
            meta["namespace"] = req.Namespace;
        }
        else meta.Remove("namespace");
        return obj;
    }

    /// <summary>Nothing but metadata and status differs: the store keeps generation (a dry run answers the same).</summary>
    private static bool SameSpec(JsonObject a, JsonObject b)
    {
        static JsonObject Body(JsonObject o)
        {
            var c = (JsonObject)o.DeepClone();
            c.Remove("metadata");
            c.Remove("status");
            c.Remove("apiVersion");
            c.Remove("kind");
            return c;
        }
        return JsonNode.DeepEquals(Body(a), Body(b));
    }

    private static JsonObject ToStorage(JsonObject obj, ServedResource r)
    {
        var copy = (JsonObject)obj.DeepClone();
        if (Resources.VersionConversion.Needed(r) && copy["apiVersion"].Str() == r.ApiVersion) Resources.VersionConversion.ToStorage(copy, r);
        copy["apiVersion"] = r.Type.ApiVersion;
        copy["kind"] = r.Kind;
        return copy;
    }
}
