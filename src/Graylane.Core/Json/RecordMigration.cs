using System.Text.Json;
using System.Text.Json.Nodes;

namespace Graylane.Core.Json;

/// <summary>
/// Brings a release record written by an earlier Graylane up to the current schema before it is read, so a release
/// started by the previous version can be continued (shifted, promoted, rolled back) by this one.
/// Schema 1 → 2: the Istio router's mesh.lastWritten/pendingWrite and the lane routers' lanes.lastWritten/pendingWrites
/// ("Kind namespace/name" → object) move into the one object ledger; mesh.mode is made explicit.
/// Schema 2 → 3: each workload records the labels selecting its baseline's and its gray's pods; older releases selected
/// both by the version label ({versionLabel: baselineVersion}, {versionLabel: grayVersion}).
/// </summary>
public static class RecordMigration
{
    public const int CurrentSchema = 3;

    /// <summary>Upgrades the record's JSON in place and returns it.</summary>
    public static JsonObject Upgrade(JsonObject record)
    {
        var schema = Obj.Int(record["schemaVersion"]) ?? 1;
        if (schema > CurrentSchema)
            throw new JsonException($"the release record was written by a newer Graylane (schema {schema}; this version reads up to {CurrentSchema}); use that version or newer");
        if (schema < 2) FromSchema1(record);
        if (schema < 3) FromSchema2(record);
        record["schemaVersion"] = CurrentSchema;
        return record;
    }

    private static void FromSchema1(JsonObject record)
    {
        var ledger = new JsonArray();
        var ns = (string?)record["namespace"];
        if (record["mesh"] is JsonObject mesh)
        {
            var last = Take(mesh, "lastWritten");
            var pending = Take(mesh, "pendingWrite");
            if ((last is not null || pending is not null) && (string?)mesh["virtualService"] is { } vs)
                ledger.Add((JsonNode)Entry("VirtualService", ns, vs, last, pending));
            mesh["mode"] ??= mesh["canaryService"] is null ? "subset" : "host";
        }
        if (record["lanes"] is JsonObject lanes)
        {
            var last = Take(lanes, "lastWritten") as JsonObject;
            var pending = Take(lanes, "pendingWrites") as JsonObject;
            var keys = (last?.Select(kv => kv.Key) ?? []).Concat(pending?.Select(kv => kv.Key) ?? []).Distinct(StringComparer.Ordinal);
            foreach (var key in keys)
            {
                var (kind, keyNs, name) = ParseLaneKey(key);
                ledger.Add((JsonNode)Entry(kind, keyNs, name, last?[key]?.DeepClone(), pending?[key]?.DeepClone()));
            }
        }
        if (ledger.Count > 0) record["ledger"] = new JsonObject { ["objects"] = ledger };
    }

    private static void FromSchema2(JsonObject record)
    {
        var label = (string?)record["versionLabel"] ?? "version";
        foreach (var w in Obj.Objects(record["workloads"]))
        {
            if (w["baselineSelector"] is null && (string?)record["baselineVersion"] is { Length: > 0 } baseline)
                w["baselineSelector"] = new JsonObject { [label] = baseline };
            if (w["graySelector"] is null && (string?)record["grayVersion"] is { Length: > 0 } gray)
                w["graySelector"] = new JsonObject { [label] = gray };
        }
    }

    /// <summary>Schema 1 lane keys: "VirtualService istio-system/gw" (namespaced) or "ASMSwimLane v2" (cluster-scoped).</summary>
    private static (string Kind, string? Namespace, string Name) ParseLaneKey(string key)
    {
        var space = key.IndexOf(' ');
        if (space <= 0) throw new JsonException($"release record (schema 1): lane object key \"{key}\" is not \"Kind namespace/name\"");
        var rest = key[(space + 1)..];
        var slash = rest.IndexOf('/');
        return slash < 0 ? (key[..space], null, rest) : (key[..space], rest[..slash], rest[(slash + 1)..]);
    }

    private static JsonObject Entry(string kind, string? ns, string name, JsonNode? last, JsonNode? pending)
    {
        var entry = new JsonObject { ["kind"] = kind };
        if (ns is not null) entry["namespace"] = ns;
        entry["name"] = name;
        if (last is not null) entry["lastWritten"] = last;
        if (pending is not null) entry["pendingWrite"] = pending;
        return entry;
    }

    private static JsonNode? Take(JsonObject o, string key)
    {
        var value = o[key];
        o.Remove(key);
        return value;
    }
}
