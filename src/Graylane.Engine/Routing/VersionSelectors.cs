using Graylane.Core.Model;

namespace Graylane.Engine.Routing;

/// <summary>
/// The labels that select exactly one version's pods of a workload in the release, as deploy-gray recorded them
/// ({version: v1}, or {pod-template-hash: 5d8f…} for a baseline whose pods carry no version label). Every router that
/// selects pods routes by these.
/// </summary>
public static class VersionSelectors
{
    public static IReadOnlyDictionary<string, string> Baseline(ReleaseRecord record, WorkloadRelease workload) =>
        workload.BaselineSelector.Count > 0 ? workload.BaselineSelector
            : new Dictionary<string, string>(StringComparer.Ordinal) { [record.VersionLabel] = record.BaselineVersion };

    public static IReadOnlyDictionary<string, string> Gray(ReleaseRecord record, WorkloadRelease workload) =>
        workload.GraySelector.Count > 0 ? workload.GraySelector
            : new Dictionary<string, string>(StringComparer.Ordinal) { [record.VersionLabel] = record.GrayVersion };

    /// <summary>True when every label of the version's selector is in the Service's selector with the same value.</summary>
    public static bool Selects(IReadOnlyDictionary<string, string> serviceSelector, IReadOnlyDictionary<string, string> version) =>
        version.Count > 0 && version.All(kv => serviceSelector.TryGetValue(kv.Key, out var v) && v == kv.Value);

    public static string Format(IReadOnlyDictionary<string, string> selector) =>
        string.Join(",", selector.OrderBy(kv => kv.Key, StringComparer.Ordinal).Select(kv => $"{kv.Key}={kv.Value}"));
}
