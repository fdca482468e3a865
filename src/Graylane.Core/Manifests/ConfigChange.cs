namespace Graylane.Core.Manifests;

/// <summary>One config object the gray reads: what happens to it and the name the gray pods read it under.</summary>
/// <param name="ReadAs">The name in the gray's pod template: the copy's for <see cref="ConfigAction.Copy"/>, else its own.</param>
/// <param name="Diff">Content changes against the live object (a Secret's values never appear).</param>
/// <param name="Hash">Fingerprint of the manifest's content (all the release record keeps of a Secret).</param>
public sealed record ConfigChange(ManifestObject Manifest, ConfigAction Action, string ReadAs, IReadOnlyList<string> Diff, string Hash)
{
    public string Kind => Manifest.Kind;
    public string Name => Manifest.Name;
    public bool IsSecret => Manifest.IsSecret;
}
