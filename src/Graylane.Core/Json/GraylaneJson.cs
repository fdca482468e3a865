using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.Json.Serialization;
using Graylane.Core.Model;

namespace Graylane.Core.Json;

/// <summary>Source-generated JSON for the release record (no reflection: the binary is Native AOT).</summary>
[JsonSourceGenerationOptions(
    PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase,
    UseStringEnumConverter = true,
    WriteIndented = true,
    DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull)]
[JsonSerializable(typeof(ReleaseRecord))]
[JsonSerializable(typeof(ApprovalRecord))]
public sealed partial class GraylaneJson : JsonSerializerContext
{
    public static string Serialize(ReleaseRecord record) => JsonSerializer.Serialize(record, Default.ReleaseRecord);

    /// <summary>Reads a record of any schema this version knows, upgrading older ones first (see RecordMigration).</summary>
    public static ReleaseRecord Deserialize(string json)
    {
        var node = RecordMigration.Upgrade(JsonNode.Parse(json) as JsonObject ?? throw new JsonException("the release record is not a JSON object"));
        return node.Deserialize(Default.ReleaseRecord) ?? throw new JsonException("empty release record");
    }
}
