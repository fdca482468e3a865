namespace Graylane.Core.Planning;

/// <summary>One workload's version about to be retired at promote, and the version taking its place.</summary>
/// <param name="Service">The Service in front of the workload (the host mesh routes name), when known.</param>
/// <param name="OldPods">Labels the retiring pods carry (their template's plus the selector that tells them apart).</param>
/// <param name="NewPods">Labels the new version's pods carry.</param>
/// <param name="OldSelector">The labels selecting exactly the retiring pods ({version: v1} or {pod-template-hash: …}).</param>
/// <param name="NewSelector">The labels selecting exactly the new pods ({version: v2}).</param>
public sealed record RetiringVersion(string? Service, string OldWorkload, string OldVersion, string NewVersion,
    IReadOnlyDictionary<string, string> OldPods, IReadOnlyDictionary<string, string> NewPods,
    IReadOnlyDictionary<string, string> OldSelector, IReadOnlyDictionary<string, string> NewSelector)
{
    /// <summary>A selector that matches the retiring pods and not the new ones: it would select nothing once they are gone.</summary>
    public bool SelectsOnlyOld(IReadOnlyDictionary<string, string> selector) =>
        selector.Count > 0 && Matches(selector, OldPods) && !Matches(selector, NewPods);

    /// <summary>A selector that matches the new pods and not the retiring ones.</summary>
    public bool SelectsOnlyNew(IReadOnlyDictionary<string, string> selector) =>
        selector.Count > 0 && Matches(selector, NewPods) && !Matches(selector, OldPods);

    private static bool Matches(IReadOnlyDictionary<string, string> selector, IReadOnlyDictionary<string, string> labels) =>
        selector.All(kv => labels.TryGetValue(kv.Key, out var v) && v == kv.Value);
}
