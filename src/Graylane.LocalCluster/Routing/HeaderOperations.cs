using System.Text.Json.Nodes;

namespace Graylane.LocalCluster.Routing;

/// <summary>Istio Headers.request: set (replace), add (append, comma-joined as HTTP allows), remove.</summary>
internal static class HeaderOperations
{
    public static void Apply(JsonNode? headers, Dictionary<string, string> target)
    {
        var request = Json.Obj(headers, "request");
        if (request is null) return;
        foreach (var (k, v) in Json.Map(request, "set")) target[k] = v;
        foreach (var (k, v) in Json.Map(request, "add"))
            target[k] = target.TryGetValue(k, out var old) && old.Length > 0 ? $"{old},{v}" : v;
        foreach (var k in Json.Arr(request, "remove").Select(x => Json.Str(x)).OfType<string>()) target.Remove(k);
    }
}
