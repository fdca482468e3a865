using System.Text.Json.Nodes;

namespace Graylane.LocalCluster.Tables;

/// <summary>
/// A custom resource's table from its CRD version's additionalPrinterColumns (JSONPath), as the apiextensions server
/// builds it: Name first, then the columns; without any, a single Age column from metadata.creationTimestamp.
/// </summary>
internal static class CustomResourcePrinter
{
    public static ObjectPrinter For(JsonObject? crdVersion)
    {
        var defined = (crdVersion?["additionalPrinterColumns"] as JsonArray ?? []).OfType<JsonObject>().ToList();
        if (defined.Count == 0)
            defined.Add(new JsonObject { ["name"] = "Age", ["type"] = "date", ["jsonPath"] = ".metadata.creationTimestamp", ["description"] = Docs.Meta("creationTimestamp") });
        var columns = new List<TableColumn> { Docs.Name };
        var paths = new List<(SimpleJsonPath? Path, string Type)>();
        foreach (var c in defined)
        {
            var jsonPath = c["jsonPath"].Str() ?? "";
            SimpleJsonPath? path;
            try { path = new SimpleJsonPath(jsonPath); }
            catch (FormatException) { path = null; } // the real server refuses such a CRD; here the column stays empty
            var type = c["type"].Str() ?? "string";
            paths.Add((path, type));
            columns.Add(new TableColumn(c["name"].Str() ?? "", type,
                c["description"].Str() ?? $"Custom resource definition column (in JSONPath format): {jsonPath}",
                (int)(c["priority"].Long() ?? 0), c["format"].Str() ?? ""));
        }
        return new ObjectPrinter(columns, (obj, now) =>
        {
            var cells = new List<JsonNode?> { Cell.Name(obj) };
            foreach (var (path, type) in paths)
            {
                var found = path?.Find(obj) ?? [];
                cells.Add(found.Count == 0 || found[0] is null ? null : Value(found[0]!, type, now));
            }
            return cells.ToArray();
        });
    }

    /// <summary>cellForJSONValue: strings print as jsonpath prints them (lists and maps as JSON); typed columns convert.</summary>
    private static JsonNode? Value(JsonNode value, string type, DateTimeOffset now)
    {
        var text = value is JsonValue v && v.TryGetValue<string>(out var s) ? s : null;
        switch (type)
        {
            case "string":
                return text ?? value.ToJsonString();
            case "integer":
                return value.Long() is { } l ? l : null;
            case "number":
                return value is JsonValue n && n.TryGetValue<double>(out var d) ? d : null;
            case "boolean":
                return value is JsonValue b && b.TryGetValue<bool>(out var flag) ? flag : null;
            case "date":
                return text is null ? null : HumanDuration.Since(text, now);
            default:
                return text ?? value.ToJsonString();
        }
    }
}
