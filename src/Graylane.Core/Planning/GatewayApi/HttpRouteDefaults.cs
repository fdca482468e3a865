using System.Text.Json.Nodes;
using Graylane.Core.Json;

namespace Graylane.Core.Planning.GatewayApi;

/// <summary>
/// The defaults the HTTPRoute v1 schema (v1.6.1, standard channel) declares, filled in where a field is missing — what the
/// API server stores for what Graylane writes. Planned objects carry them, so the write Graylane records as pending is
/// the object the server keeps: after a crash right after the write, the live route is recognised as Graylane's own
/// and not taken for someone else's change. (tests: HttpRouteDefaultsTests holds this list against the CRD's.)
/// </summary>
public static class HttpRouteDefaults
{
    public static JsonObject Apply(JsonObject route)
    {
        if (route["spec"] is not JsonObject spec) return route;
        foreach (var parent in Obj.Objects(spec["parentRefs"]))
        {
            Default(parent, "group", "gateway.networking.k8s.io");
            Default(parent, "kind", "Gateway");
        }
        if (spec["rules"] is null) spec["rules"] = new JsonArray(new JsonObject { ["matches"] = DefaultMatches() });
        foreach (var rule in Obj.Objects(spec["rules"]))
        {
            if (rule["matches"] is null) rule["matches"] = DefaultMatches();
            foreach (var match in Obj.Objects(rule["matches"]))
            {
                if (match["path"] is null) match["path"] = DefaultPath();
                if (match["path"] is JsonObject path)
                {
                    Default(path, "type", "PathPrefix");
                    Default(path, "value", "/");
                }
                foreach (var h in Obj.Objects(match["headers"])) Default(h, "type", "Exact");
                foreach (var q in Obj.Objects(match["queryParams"])) Default(q, "type", "Exact");
            }
            Filters(rule["filters"]);
            foreach (var backend in Obj.Objects(rule["backendRefs"]))
            {
                Default(backend, "group", "");
                Default(backend, "kind", "Service");
                Default(backend, "weight", 1);
                Filters(backend["filters"]);
            }
        }
        return route;
    }

    private static void Filters(JsonNode? filters)
    {
        foreach (var f in Obj.Objects(filters))
        {
            if (f["requestMirror"] is JsonObject mirror)
            {
                if (mirror["backendRef"] is JsonObject target)
                {
                    Default(target, "group", "");
                    Default(target, "kind", "Service");
                }
                if (mirror["fraction"] is JsonObject fraction) Default(fraction, "denominator", 100);
            }
            if (f["requestRedirect"] is JsonObject redirect) Default(redirect, "statusCode", 302);
            if (f["cors"] is JsonObject cors) Default(cors, "maxAge", 5);
        }
    }

    private static JsonArray DefaultMatches() => new(new JsonObject { ["path"] = DefaultPath() });

    private static JsonObject DefaultPath() => new() { ["type"] = "PathPrefix", ["value"] = "/" };

    private static void Default(JsonObject o, string key, JsonNode value)
    {
        if (!o.ContainsKey(key)) o[key] = value;
    }
}
