using System.Text.Json.Nodes;
using Graylane.LocalCluster.Selectors;
using Graylane.LocalCluster.Tables;

namespace Graylane.LocalCluster.Api;

/// <summary>get and list (label and field selectors; the list carries the store's resourceVersion).</summary>
internal sealed class ReadHandler(ClusterState state)
{
    public Task GetAsync(ResourceRequest req)
    {
        var obj = ClusterState.ToServed(state.GetOrThrow(req.Resource, req.Namespace, req.Name!), req.Resource);
        if (TableOf(req) is { } table)
            return HttpJson.WriteAsync(req.Http, 200, table.Build(state.PrinterFor(req.Resource), [obj],
                new JsonObject { ["resourceVersion"] = obj.ResourceVersion() }, state.Time.GetUtcNow()));
        return HttpJson.WriteAsync(req.Http, 200, obj);
    }

    /// <summary>kubectl get asks for a Table (server-side printing); other clients get the objects.</summary>
    public static TableRequest? TableOf(ResourceRequest req) =>
        TableRequest.From(req.Http.Request.Headers.Accept.ToString(), req.Query("includeObject"));

    public Task ListAsync(ResourceRequest req)
    {
        var (labels, fields) = Selectors(req, state);
        var (items, version) = state.Store.Snapshot(req.Resource.Type, req.Namespace);
        var selected = items.Where(i => labels.Matches(i.Labels()) && fields.Matches(i)).Select(i => ClusterState.ToServed(i, req.Resource)).ToList();
        if (TableOf(req) is { } table)
            return HttpJson.WriteAsync(req.Http, 200, table.Build(state.PrinterFor(req.Resource), selected,
                new JsonObject { ["resourceVersion"] = version.ToString() }, state.Time.GetUtcNow()));
        var list = new JsonArray();
        foreach (var item in selected) list.Add(item);
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
