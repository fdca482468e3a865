using System.Text.Json.Nodes;
using Graylane.LocalCluster.FieldManagement;

namespace Graylane.LocalCluster.Api;

/// <summary>
/// What a write request says about field management: its manager (?fieldManager=, else the User-Agent's program name,
/// as the API server derives it), whether it forces an apply, and the field manager for its resource and subresource.
/// </summary>
internal static class ManagedFieldsRequest
{
    public static string Manager(ResourceRequest req)
    {
        if (req.Query("fieldManager") is { Length: > 0 } m) return m;
        var agent = req.Http.Request.Headers.UserAgent.ToString();
        return agent.Split('/')[0];
    }

    /// <summary>?force=true, which only an apply may send.</summary>
    public static bool Force(ResourceRequest req, bool isApply)
    {
        var force = req.Query("force") is { } f && f is "true" or "1";
        if (force && !isApply)
            throw new ApiException(422, "Invalid", "PatchOptions.meta.k8s.io \"\" is invalid: force: Forbidden: may not be specified for non-apply patch",
                new JsonObject { ["group"] = "meta.k8s.io", ["kind"] = "PatchOptions", ["name"] = "" });
        return force;
    }

    public static FieldManager For(ResourceRequest req, ClusterState state, string? subresource = null) =>
        new(SmdType.ForKind(req.Resource), req.Resource.ApiVersion, subresource ?? req.Subresource, req.Resource.HasStatus,
            state.Time.GetUtcNow().UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'"));

    /// <summary>Server-side apply, with its failures as the API server answers them.</summary>
    public static JsonObject Apply(ResourceRequest req, ClusterState state, JsonObject? live, JsonObject config)
    {
        var manager = req.Query("fieldManager");
        if (string.IsNullOrEmpty(manager))
            throw new ApiException(422, "Invalid", "PatchOptions.meta.k8s.io \"\" is invalid: fieldManager: Required value: is required for apply patch",
                new JsonObject { ["group"] = "meta.k8s.io", ["kind"] = "PatchOptions", ["name"] = "" });
        if (config["metadata"]?["managedFields"] is not null)
            throw StatusObjects.BadRequest("metadata.managedFields must be nil");
        var force = Force(req, isApply: true);
        try
        {
            return For(req, state).Apply(live, config, manager, force);
        }
        catch (ApplyConflictException e)
        {
            var details = StatusObjects.Details(req.Resource, req.Name!);
            details["causes"] = e.Causes();
            throw new ApiException(409, "Conflict", e.Message, details);
        }
        catch (TypedPatchException e)
        {
            var r = req.Resource;
            var where = req.Namespace is null ? req.Name : $"{req.Namespace}/{req.Name}";
            var gvk = r.Group.Length == 0 ? $"/{r.Version}, Kind={r.Kind}" : $"{r.Group}/{r.Version}, Kind={r.Kind}";
            throw new ApiException(500, "", $"failed to create typed patch object ({where}; {gvk}): {e.Message}");
        }
    }
}
