using System.Text.Json;
using System.Text.Json.Serialization;

namespace Graylane.Approvals.AzureDevOps;

public sealed class AdoWorkItem
{
    public long Id { get; set; }
    public Dictionary<string, JsonElement>? Fields { get; set; }
    [JsonPropertyName("_links")]
    public AdoLinks? Links { get; set; }
    public string? Url { get; set; }

    public string? Field(string name) =>
        Fields is not null && Fields.TryGetValue(name, out var v) && v.ValueKind == JsonValueKind.String ? v.GetString() : null;
}
