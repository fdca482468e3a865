using System.Text.Json.Nodes;
using Graylane.LocalCluster.Storage;

namespace Graylane.LocalCluster;

/// <summary>
/// One resource as served at one API version. Objects are stored in Type.Version (the storage
/// version); a request in another served version only sees apiVersion rewritten.
/// </summary>
/// <param name="Schema">The CRD's openAPIV3Schema for this version; null for built-in kinds.</param>
public sealed record ServedResource(
    ResourceType Type,
    string Version,
    string Singular,
    IReadOnlyList<string> ShortNames,
    IReadOnlyList<string> Categories,
    bool HasStatus,
    bool HasScale,
    bool IsCustom,
    JsonObject? Schema)
{
    public string Group => Type.Group;
    public string Plural => Type.Plural;
    public string Kind => Type.Kind;
    public bool Namespaced => Type.Namespaced;
    public string ApiVersion => Group.Length == 0 ? Version : $"{Group}/{Version}";
    public string GroupVersion => ApiVersion;

    public override string ToString() => $"{Type.Resource} ({ApiVersion})";
}
