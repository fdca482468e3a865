using System.Text.Json.Nodes;

namespace Graylane.Core.Manifests;

/// <summary>One "---" separated document of a YAML file: its content (null when empty) and where it starts.</summary>
public sealed record YamlDocumentText(int Index, int Line, JsonNode? Content);
