using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Graylane.Packaging;

/// <summary>Indented JSON that keeps "–" and "&lt;" readable (these files are read by people and tools, never embedded in HTML).</summary>
public static class JsonText
{
    private static readonly JsonSerializerOptions Options = new()
    {
        WriteIndented = true,
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    };

    public static string Write(JsonNode node) => node.ToJsonString(Options) + "\n";
}
