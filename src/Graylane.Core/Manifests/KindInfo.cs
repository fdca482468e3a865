namespace Graylane.Core.Manifests;

/// <summary>Where a kind lives in the REST API (its plural) and whether it belongs to a namespace.</summary>
public sealed record KindInfo(string Group, string Version, string Kind, string Plural, bool Namespaced = true)
{
    public string ApiVersion => Group.Length == 0 ? Version : $"{Group}/{Version}";
}
