using System.Text.Json.Nodes;

namespace Graylane.LocalCluster.Tables;

/// <summary>
/// What a client asked for in Accept: a meta.k8s.io Table (kubectl get: "application/json;as=Table;v=v1;g=meta.k8s.io,
/// …,application/json") or plain JSON; the first media range the server can produce wins. includeObject (None,
/// Metadata — the default — or Object) says what each row carries besides its cells.
/// </summary>
internal sealed record TableRequest(string ApiVersion, string IncludeObject)
{
    /// <summary>The Table request, or null when the client is served plain JSON.</summary>
    public static TableRequest? From(string? accept, string? includeObject)
    {
        foreach (var range in (accept ?? "").Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            var parts = range.Split(';', StringSplitOptions.TrimEntries);
            var type = parts[0].ToLowerInvariant();
            var parameters = parts.Skip(1).Select(p => p.Split('=', 2)).Where(p => p.Length == 2)
                .ToDictionary(p => p[0].Trim().ToLowerInvariant(), p => p[1].Trim(), StringComparer.Ordinal);
            var json = type is "application/json" or "application/*" or "*/*";
            if (!json) continue; // protobuf, yaml: not produced here; the next range may be
            if (!parameters.TryGetValue("as", out var @as)) return null;
            if (@as == "Table" && parameters.GetValueOrDefault("g") == "meta.k8s.io" && parameters.GetValueOrDefault("v") is "v1" or "v1beta1")
                return new TableRequest("meta.k8s.io/" + parameters["v"], includeObject is "None" or "Object" ? includeObject : "Metadata");
        }
        return null;
    }

    /// <summary>A Table of the objects (a list, a get, or one watch event) with the given metadata.</summary>
    public JsonObject Build(ObjectPrinter printer, IEnumerable<JsonObject> objects, JsonObject metadata, DateTimeOffset now)
    {
        var rows = new JsonArray();
        foreach (var obj in objects)
        {
            var row = new JsonObject { ["cells"] = new JsonArray(printer.Cells(obj, now)) };
            if (printer.Conditions(obj) is { } conditions) row["conditions"] = conditions;
            switch (IncludeObject)
            {
                case "Object":
                    row["object"] = obj.DeepClone();
                    break;
                case "Metadata":
                    row["object"] = new JsonObject
                    {
                        ["kind"] = "PartialObjectMetadata",
                        ["apiVersion"] = ApiVersion,
                        ["metadata"] = obj["metadata"]?.DeepClone(),
                    };
                    break;
            }
            rows.Add(row);
        }
        return new JsonObject
        {
            ["kind"] = "Table",
            ["apiVersion"] = ApiVersion,
            ["metadata"] = metadata,
            ["columnDefinitions"] = new JsonArray(printer.Columns.Select(c => (JsonNode)new JsonObject
            {
                ["name"] = c.Name,
                ["type"] = c.Type,
                ["format"] = c.Format,
                ["description"] = c.Description,
                ["priority"] = c.Priority,
            }).ToArray()),
            ["rows"] = rows,
        };
    }
}
