namespace Graylane.Core.Manifests;

/// <summary>The release's own settings the planner applies to every Deployment of the manifests.</summary>
/// <param name="Replicas">--replicas; null for the baseline's (else the manifest's).</param>
public sealed record ManifestReleaseSettings(string App, string Namespace, string VersionLabel, string Version, int? Replicas);
