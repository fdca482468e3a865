using System.Text.Json.Nodes;

namespace Graylane.Core.Model;

/// <summary>
/// An object as it was before the release first changed it (server-owned fields removed), or the
/// fact that it did not exist — enough for rollback to put it back exactly.
/// </summary>
public sealed class ObjectSnapshot
{
    public string ApiVersion { get; set; } = "";
    public string Kind { get; set; } = "";
    public string Name { get; set; } = "";
    public string? Namespace { get; set; }
    /// <summary>False when the release created the object: rollback deletes it.</summary>
    public bool Existed { get; set; }
    /// <summary>The object's user content before the release (null when it did not exist).</summary>
    public JsonObject? Object { get; set; }

    public string Key => $"{Kind}/{Name}";
}
