using System.Text.Json.Nodes;

namespace Graylane.Core.Manifests;

/// <summary>An object of the manifests applied at promote (Service, HPA, PDB, Ingress, Role…), with its diff against the live one.</summary>
public sealed record OtherObjectChange(ManifestObject Manifest, JsonObject? Live, ObjectAction Action, IReadOnlyList<string> Diff);
