using System.Text.Json.Nodes;

namespace Graylane.Tests.Support;

/// <summary>Test objects written as JSON text (single quotes allowed for readability).</summary>
public static class J
{
    public static JsonObject O(string json) => (JsonObject)JsonNode.Parse(json.Replace('\'', '"'))!;
}
