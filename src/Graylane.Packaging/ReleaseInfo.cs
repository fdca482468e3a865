namespace Graylane.Packaging;

/// <summary>
/// What the generated files say about where Graylane is published. The version is the release's
/// (the release workflow passes the tag); the committed files carry the default.
/// </summary>
public sealed record ReleaseInfo(Version Version)
{
    public const string DefaultVersion = "1.0.0";
    public const string Repository = "graylane/graylane";
    public const string Publisher = "graylane";

    /// <summary>
    /// The image the container actions run, prebuilt by the release workflow. Its tag is the major
    /// version so `uses: graylane/graylane@v1` gets fixes without a rebuild on every run.
    /// </summary>
    public string ActionImage => $"docker://ghcr.io/{Repository}-action:v{Version.Major}";

    public string RepositoryUrl => $"https://github.com/{Repository}";

    /// <summary>The release's tag, e.g. v1.2.3.</summary>
    public string Tag => $"v{Version.ToString(3)}";

    public static ReleaseInfo Parse(string version) =>
        new(Version.TryParse(version.TrimStart('v'), out var v) && v.Build >= 0 && v.Revision < 0
            ? v
            : throw new ArgumentException($"version \"{version}\" is not major.minor.patch (e.g. 1.2.3)"));
}
