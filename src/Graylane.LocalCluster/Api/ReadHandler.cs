using System.Text.Json.Nodes;
using Graylane.LocalCluster.Selectors;

namespace Graylane.LocalCluster.Api;

/// <summary>get and list (label and field selectors; the list carries the store's resourceVersion).</summary>
internal sealed class ReadHandler(ClusterState state)
{
    public Task GetAsync(ResourceRequest req)
    {
        var obj = state.GetOrThrow(req.Resource, req.Namespace, req.Name!);
        return HttpJson.WriteAsync(req.Http, 200, ClusterState.ToServed(obj, req.Resource));
    }

    public Task ListAsync(ResourceRequest req)
    {
        var (labels, fields) = Selectors(req, state);
        var (items, version) = state.Store.Snapshot(req.Resource.Type, req.Namespace);
        var list = new JsonArray();
        foreach (var item in items.Where(i => labels.Matches(i.Labels()) && fields.Matches(i)))
            list.Add(ClusterState.ToServed(item, req.Resource));
        var body = new JsonObject
        {
            ["kind"] = req.Resource.Kind + "List",
            ["apiVersion"] = req.Resource.ApiVersion,
            ["metadata"] = new JsonObject { ["resourceVersion"] = version.ToString() },
            ["items"] = list,
        };
        return HttpJson.WriteAsync(req.Http, 200, body);
    }

    public static (LabelSelector Labels, FieldSelector Fields) Selectors(ResourceRequest req, ClusterState state)
    {
        try
        {
            var selectable = SelectableFields.For(req.Resource.Group, req.Resource.Plural, state.CrdVersion(req.Resource));
            return (LabelSelector.Parse(req.Query("labelSelector")), FieldSelector.Parse(req.Query("fieldSelector"), selectable));
        }
        catch (FormatException e)
        {
            throw StatusObjects.BadRequest(e.Message);
        }
    }
}
