namespace Graylane.Core.Planning;

/// <summary>What the gray Deployment should be: a copy of the baseline with these differences.</summary>
/// <param name="Images">Container name → image; the key "" means the only container.</param>
/// <param name="Replicas">Replica count, or null for the baseline's.</param>
public sealed record GrayPlan(
    string App,
    string GrayName,
    string BaseName,
    string VersionLabel,
    string GrayVersion,
    IReadOnlyDictionary<string, string> Images,
    int? Replicas);
