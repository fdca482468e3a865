namespace Graylane.Core.Planning;

/// <summary>
/// Plans a Service selector that selects one version's pods: the version's selector keys are added or replaced, the
/// other version's keys that Graylane added (not in the user's own selector) are removed, and every other key stays as
/// the user wrote it. Pure.
/// </summary>
public static class SelectorPlanner
{
    /// <param name="current">The selector as it is now.</param>
    /// <param name="original">The user's selector before the release (from the snapshot; the current one when there is none).</param>
    /// <param name="to">The labels selecting exactly the wanted version's pods, e.g. {version: v2}.</param>
    /// <param name="from">The labels selecting the other version's pods, e.g. {version: v1} or {pod-template-hash: 5d8f…}.</param>
    public static Dictionary<string, string> Point(IReadOnlyDictionary<string, string> current, IReadOnlyDictionary<string, string> original,
        IReadOnlyDictionary<string, string> to, IReadOnlyDictionary<string, string> from)
    {
        var result = new Dictionary<string, string>(current, StringComparer.Ordinal);
        foreach (var key in from.Keys)
            if (!to.ContainsKey(key) && !original.ContainsKey(key)) result.Remove(key);
        foreach (var (key, value) in to) result[key] = value;
        return result;
    }
}
