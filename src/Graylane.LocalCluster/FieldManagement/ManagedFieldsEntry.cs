using System.Text.Json.Nodes;

namespace Graylane.LocalCluster.FieldManagement;

/// <summary>
/// One metadata.managedFields entry: who (manager), how (Apply or Update), at which API version and subresource, when,
/// and the fields it owns. Apply entries are one per manager and subresource whatever the version; Update entries one
/// per manager, version and subresource.
/// </summary>
internal sealed class ManagedFieldsEntry
{
    public const string Apply = "Apply";
    public const string Update = "Update";

    public required string Manager { get; init; }
    public required string Operation { get; init; }
    public required string ApiVersion { get; set; }
    public string Subresource { get; init; } = "";
    public string? Time { get; set; }
    public FieldSet Fields { get; set; } = new();

    /// <summary>The identity structured-merge-diff keys managers by (the version counts for updaters only).</summary>
    public string Key => Operation == Apply ? $"{Manager}\u0001{Operation}\u0001\u0001{Subresource}" : $"{Manager}\u0001{Operation}\u0001{ApiVersion}\u0001{Subresource}";

    /// <summary>How conflict messages name the manager: "\"kubectl\"" for appliers, "\"ci\" using apps/v1" for updaters.</summary>
    public string Describe()
    {
        var name = $"\"{Manager}\"";
        if (Subresource.Length > 0) name += $" with subresource \"{Subresource}\"";
        return Operation == Update ? $"{name} using {ApiVersion}" : name;
    }

    public ManagedFieldsEntry Clone() => new()
    {
        Manager = Manager, Operation = Operation, ApiVersion = ApiVersion, Subresource = Subresource, Time = Time, Fields = Fields.Clone(),
    };

    /// <summary>Reads metadata.managedFields; null when an entry is not one the server could have written (e.g. [{}], which resets them).</summary>
    public static List<ManagedFieldsEntry>? Decode(JsonNode? managedFields)
    {
        var result = new List<ManagedFieldsEntry>();
        foreach (var e in managedFields as JsonArray ?? [])
        {
            if (e is not JsonObject o || o["manager"].Str() is not { } manager || o["operation"].Str() is not ("Apply" or "Update") ||
                o["fieldsType"].Str() != "FieldsV1")
                return null;
            result.Add(new ManagedFieldsEntry
            {
                Manager = manager,
                Operation = o["operation"].Str()!,
                ApiVersion = o["apiVersion"].Str() ?? "",
                Subresource = o["subresource"].Str() ?? "",
                Time = o["time"].Str(),
                Fields = FieldSet.FromFieldsV1(o["fieldsV1"]),
            });
        }
        return result;
    }

    /// <summary>The entries as the server writes them, sorted: Apply before Update, then by time, manager, version, subresource.</summary>
    public static JsonArray Encode(IEnumerable<ManagedFieldsEntry> entries) => new(entries
        .Where(e => !e.Fields.IsEmpty)
        .OrderBy(e => e.Operation, StringComparer.Ordinal)
        .ThenBy(e => e.Time ?? "", StringComparer.Ordinal)
        .ThenBy(e => e.Manager, StringComparer.Ordinal)
        .ThenBy(e => e.ApiVersion, StringComparer.Ordinal)
        .ThenBy(e => e.Subresource, StringComparer.Ordinal)
        .Select(e =>
        {
            var o = new JsonObject
            {
                ["manager"] = e.Manager,
                ["operation"] = e.Operation,
                ["apiVersion"] = e.ApiVersion,
            };
            if (e.Time is not null) o["time"] = e.Time;
            o["fieldsType"] = "FieldsV1";
            o["fieldsV1"] = e.Fields.ToFieldsV1();
            if (e.Subresource.Length > 0) o["subresource"] = e.Subresource;
            return (JsonNode)o;
        }).ToArray());
}
