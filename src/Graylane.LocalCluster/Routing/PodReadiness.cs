using System.Text.Json.Nodes;

namespace Graylane.LocalCluster.Routing;

/// <summary>Which pods are endpoints: not terminating and Ready (as the EndpointSlice controller decides).</summary>
internal static class PodReadiness
{
    public static bool IsReady(JsonObject pod)
    {
        if (Json.Str(pod, "metadata", "deletionTimestamp") is not null) return false;
        var ready = Json.Arr(pod, "status", "conditions").FirstOrDefault(c => Json.Str(c, "type") == "Ready");
        if (ready is not null) return Json.Str(ready, "status") == "True";
        // No Ready condition reported (e.g. hand-written test pods): a Running pod counts as ready.
        return Json.Str(pod, "status", "phase") == "Running";
    }

    public static bool HasLabels(JsonObject pod, IEnumerable<KeyValuePair<string, string>> required)
    {
        var labels = Json.Map(pod, "metadata", "labels");
        return required.All(kv => labels.TryGetValue(kv.Key, out var v) && v == kv.Value);
    }
}
