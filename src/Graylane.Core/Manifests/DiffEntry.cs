using System.Text.Json.Nodes;

namespace Graylane.Core.Manifests;

/// <summary>One field that differs: its path (containers and env by name, e.g. spec.containers[web].env[GREETING].value) and both values.</summary>
public sealed record DiffEntry(string Path, DiffKind Kind, JsonNode? Before, JsonNode? After);
