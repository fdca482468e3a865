using System.Text.Json.Nodes;

namespace Graylane.Core.Planning;

/// <summary>The baseline Deployment found for a release, with anything the user should fix.</summary>
public sealed record BaselineMatch(JsonObject Deployment, IReadOnlyList<string> Warnings);
