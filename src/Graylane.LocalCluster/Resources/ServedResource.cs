using System.Text.Json.Nodes;
using Graylane.LocalCluster.Storage;

namespace Graylane.LocalCluster;

/// <summary>
/// One resource as served at one API version. Objects are stored in Type.Version (the storage
/// version); a request in another served version sees them converted (VersionConversion).
/// </summary>
/// <param name="Schema">The CRD's openAPIV3Schema for this version; null for built-in kinds.</param>
/// <param name="Verbs">The discovery verbs; null = all eight (custom resources).</param>
public sealed record ServedResource(
    ResourceType Type,
    string Version,
    string Singular,
    IReadOnlyList<string> ShortNames,
    IReadOnlyList<string> Categories,
    bool HasStatus,
    bool HasScale,
    bool IsCustom,
    JsonObject? Schema,
    IReadOnlyList<string>? Verbs = null)
{
    private static readonly IReadOnlyList<string> AllVerbs =
        ["create", "delete", "deletecollection", "get", "list", "patch", "update", "watch"];

    public string Group => Type.Group;
    public string Plural => Type.Plural;
    public string Kind => Type.Kind;
    public bool Namespaced => Type.Namespaced;
    public string ApiVersion => Group.Length == 0 ? Version : $"{Group}/{Version}";
    public string GroupVersion => ApiVersion;

    /// <summary>What discovery lists and the server accepts on the resource itself.</summary>
    public IReadOnlyList<string> ServedVerbs => Verbs ?? AllVerbs;

    public bool Allows(string verb) => ServedVerbs.Contains(verb);

    public override string ToString() => $"{Type.Resource} ({ApiVersion})";
}
