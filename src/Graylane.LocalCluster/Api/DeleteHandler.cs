using System.Text.Json.Nodes;
using Graylane.LocalCluster.Storage;

namespace Graylane.LocalCluster.Api;

/// <summary>delete and deletecollection with DeleteOptions (preconditions, propagationPolicy, dryRun) and garbage collection.</summary>
internal sealed class DeleteHandler(ClusterState state, GarbageCollector gc)
{
    public async Task DeleteAsync(ResourceRequest req)
    {
        var r = req.Resource;
        var options = await RequestBodies.ReadOptionalObjectAsync(req.Http) ?? new JsonObject();
        var current = state.GetOrThrow(r, req.Namespace, req.Name!);
        var uid = options["preconditions"]?["uid"].Str();
        if (uid is not null && uid != current.Uid())
            throw new ApiException(409, "Conflict",
                $"Operation cannot be fulfilled on {r.Type.Resource} \"{req.Name}\": Precondition failed: UID in precondition: {uid}, UID in object meta: {current.Uid()}",
                StatusObjects.Details(r, req.Name!));
        var rv = options["preconditions"]?["resourceVersion"].Str();
        var dryRun = req.DryRun || (options["dryRun"] as JsonArray)?.Any(x => x.Str() == "All") == true;
        if (dryRun)
        {
            if (rv is not null && rv != current.ResourceVersion())
                throw new ApiException(409, "Conflict", $"Operation cannot be fulfilled on {r.Type.Resource} \"{req.Name}\": the ResourceVersion in the precondition ({rv}) does not match the ResourceVersion in record ({current.ResourceVersion()}). The object might have been modified", StatusObjects.Details(r, req.Name!));
            await HttpJson.WriteAsync(req.Http, 200, ClusterState.ToServed(current, r));
            return;
        }
        JsonObject deleted;
        try { deleted = state.Store.Delete(r.Type, req.Namespace, req.Name!, rv); }
        catch (StoreException e) { throw StatusObjects.FromStore(e, r, req.Name!); }
        gc.AfterDelete(r.Type, deleted, IsOrphan(req, options));
        // As upstream: some kinds answer with the deleted object, others with a Success Status.
        var body = Schemas.SwaggerPaths.DeleteAnswersStatus(r) ? StatusObjects.Success(r, req.Name!, deleted.Uid()) : ClusterState.ToServed(deleted, r);
        await HttpJson.WriteAsync(req.Http, 200, body);
    }

    public async Task DeleteCollectionAsync(ResourceRequest req)
    {
        var r = req.Resource;
        var options = await RequestBodies.ReadOptionalObjectAsync(req.Http) ?? new JsonObject();
        var (labels, fields) = ReadHandler.Selectors(req, state);
        var (items, _) = state.Store.Snapshot(r.Type, req.Namespace);
        var deleted = new JsonArray();
        foreach (var item in items.Where(i => labels.Matches(i.Labels()) && fields.Matches(i)))
        {
            if (req.DryRun) { deleted.Add(ClusterState.ToServed(item, r)); continue; }
            try
            {
                var gone = state.Store.Delete(r.Type, item.Namespace(), item.Name()!);
                gc.AfterDelete(r.Type, gone, IsOrphan(req, options));
                deleted.Add(ClusterState.ToServed(gone, r));
            }
            catch (StoreException) { } // deleted meanwhile
        }
        await HttpJson.WriteAsync(req.Http, 200, new JsonObject
        {
            ["kind"] = r.Kind + "List",
            ["apiVersion"] = r.ApiVersion,
            ["metadata"] = new JsonObject { ["resourceVersion"] = state.Store.CurrentResourceVersion.ToString() },
            ["items"] = deleted,
        });
    }

    private static bool IsOrphan(ResourceRequest req, JsonObject options) =>
        (options["propagationPolicy"].Str() ?? req.Query("propagationPolicy")) == "Orphan" ||
        (bool?)options["orphanDependents"] == true || req.Query("orphanDependents") == "true";
}
