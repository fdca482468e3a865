namespace Graylane.LocalCluster.Storage;

/// <summary>A kind the local cluster serves: group/version/kind, its URL plural, and its scope.</summary>
/// <param name="Group">API group, "" for core.</param>
/// <param name="Version">The storage version (objects are kept in this version).</param>
public sealed record ResourceType(string Group, string Version, string Kind, string Plural, bool Namespaced)
{
    public string ApiVersion => Group.Length == 0 ? Version : $"{Group}/{Version}";

    /// <summary>"deployments.apps", "services" — the name kubectl and error messages use.</summary>
    public string Resource => Group.Length == 0 ? Plural : $"{Plural}.{Group}";

    public override string ToString() => Resource;
}
