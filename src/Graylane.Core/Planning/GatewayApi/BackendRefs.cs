using System.Text.Json.Nodes;
using Graylane.Core.Json;

namespace Graylane.Core.Planning.GatewayApi;

/// <summary>HTTPRoute backendRefs: which Service one names (group "", kind Service, namespace defaulting to the route's) and its weight.</summary>
public static class BackendRefs
{
    public static bool Names(JsonNode? backendRef, string service, string serviceNs, string? routeNs) =>
        backendRef is JsonObject o && (string?)o["group"] is null or "" && (string?)o["kind"] is null or "Service"
        && (string?)o["name"] == service && ((string?)o["namespace"] ?? routeNs ?? serviceNs) == serviceNs;

    /// <summary>The weight, 1 when unset (the API's default).</summary>
    public static long Weight(JsonObject backendRef) => Obj.Long(backendRef["weight"]) ?? 1;

    public static IReadOnlyList<JsonObject> Of(JsonObject rule) => Obj.Objects(rule["backendRefs"]).ToList();

    /// <summary>"web:80, other:8080", for messages.</summary>
    public static string Describe(JsonObject rule) => string.Join(", ", Of(rule).Select(DescribeOne).Distinct());

    private static string DescribeOne(JsonObject b)
    {
        var kind = (string?)b["kind"] is { } k && k != "Service" ? k + " " : "";
        var port = Obj.Long(b["port"]) is { } p ? $":{p}" : "";
        return $"{kind}{(string?)b["name"]}{port}";
    }
}
