using System.Text.Json.Nodes;
using Graylane.LocalCluster.Selectors;
using Graylane.LocalCluster.Storage;

namespace Graylane.LocalCluster.Api;

/// <summary>The /scale subresource (autoscaling/v1 Scale) of deployments and replicasets.</summary>
internal sealed class ScaleHandler(ClusterState state)
{
    public Task GetAsync(ResourceRequest req) =>
        HttpJson.WriteAsync(req.Http, 200, ToScale(state.GetOrThrow(req.Resource, req.Namespace, req.Name!)));

    public async Task UpdateAsync(ResourceRequest req)
    {
        var scale = await RequestBodies.ReadObjectAsync(req.Http);
        await SetReplicasAsync(req, scale);
    }

    public async Task PatchAsync(ResourceRequest req)
    {
        var mediaType = PatchApplier.MediaType(req.Http.Request.ContentType);
        var body = await HttpJson.ReadTextAsync(req.Http);
        var current = ToScale(state.GetOrThrow(req.Resource, req.Namespace, req.Name!));
        var patched = PatchApplier.ApplyPatch(mediaType, current, body, "autoscaling", "v1", "Scale");
        await SetReplicasAsync(req, patched);
    }

    private async Task SetReplicasAsync(ResourceRequest req, JsonObject scale)
    {
        var r = req.Resource;
        var replicas = scale["spec"]?["replicas"].Long();
        var current = state.GetOrThrow(r, req.Namespace, req.Name!);
        if (replicas is null or < 0)
            throw StatusObjects.Invalid(new ServedResource(r.Type with { Kind = "Scale", Group = "autoscaling" }, "v1", "scale", [], [], false, false, false, null),
                req.Name!, [Validation.FieldError.Invalid("spec.replicas", scale["spec"]?["replicas"]?.DeepClone(), "must be greater than or equal to 0")]);
        var before = (JsonObject)ClusterState.ToServed((JsonObject)current.DeepClone(), r);
        var rv = scale.ResourceVersion();
        if (rv is { Length: > 0 }) current.Meta()["resourceVersion"] = rv;
        current["spec"] ??= new JsonObject();
        current["spec"]!["replicas"] = replicas;
        ClusterState.ToServed(current, r);
        current = ManagedFieldsRequest.For(req, state).Update(before, current, ManagedFieldsRequest.Manager(req));
        if (req.DryRun)
        {
            await HttpJson.WriteAsync(req.Http, 200, ToScale(current));
            return;
        }
        JsonObject saved;
        try { saved = state.Store.Update(r.Type, current); }
        catch (StoreException e) { throw StatusObjects.FromStore(e, r, req.Name!); }
        await HttpJson.WriteAsync(req.Http, 200, ToScale(saved));
    }

    private static JsonObject ToScale(JsonObject obj)
    {
        var meta = obj.Meta();
        var selector = LabelSelector.FromObject(obj["spec"]?["selector"] as JsonObject);
        return new JsonObject
        {
            ["kind"] = "Scale",
            ["apiVersion"] = "autoscaling/v1",
            ["metadata"] = new JsonObject
            {
                ["name"] = meta["name"]?.DeepClone(),
                ["namespace"] = meta["namespace"]?.DeepClone(),
                ["uid"] = meta["uid"]?.DeepClone(),
                ["resourceVersion"] = meta["resourceVersion"]?.DeepClone(),
                ["creationTimestamp"] = meta["creationTimestamp"]?.DeepClone(),
            },
            ["spec"] = new JsonObject { ["replicas"] = obj["spec"]?["replicas"].Long() ?? 1 },
            ["status"] = new JsonObject
            {
                ["replicas"] = obj["status"]?["replicas"].Long() ?? 0,
                ["selector"] = SelectorText(selector),
            },
        };
    }

    private static string SelectorText(LabelSelector selector) => string.Join(",", selector.Requirements.Select(r => r.Operator switch
    {
        SelectorOperator.Equals => $"{r.Key}={r.Values[0]}",
        SelectorOperator.NotEquals => $"{r.Key}!={r.Values[0]}",
        SelectorOperator.In => $"{r.Key} in ({string.Join(",", r.Values)})",
        SelectorOperator.NotIn => $"{r.Key} notin ({string.Join(",", r.Values)})",
        SelectorOperator.Exists => r.Key,
        _ => "!" + r.Key,
    }));
}
