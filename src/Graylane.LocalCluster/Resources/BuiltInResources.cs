using Graylane.LocalCluster.Storage;

namespace Graylane.LocalCluster.Resources;

/// <summary>
/// Every built-in resource of the stable API (BuiltInCatalog, from the swagger) with its discovery names. A resource
/// served at several stable versions (horizontalpodautoscalers: autoscaling/v2 and v1) is stored once, in its most
/// preferred version. Built once per process; the records are immutable.
/// </summary>
internal static class BuiltInResources
{
    private static readonly Lazy<IReadOnlyList<ServedResource>> Resources = new(Build);

    public static IReadOnlyList<ServedResource> All() => Resources.Value;

    private static IReadOnlyList<ServedResource> Build()
    {
        var kinds = BuiltInCatalog.All;
        var storage = kinds.GroupBy(k => (k.Group, k.Plural))
            .ToDictionary(g => g.Key, g =>
            {
                var preferred = g.OrderBy(k => k.Version, KubeVersionComparer.Instance).First();
                return new ResourceType(preferred.Group, preferred.Version, preferred.Kind, preferred.Plural, preferred.Namespaced);
            });
        return kinds.Select(k =>
        {
            var (shortNames, categories) = BuiltInNames.For(k.Group, k.Plural);
            return new ServedResource(storage[(k.Group, k.Plural)], k.Version, k.Kind.ToLowerInvariant(), shortNames, categories,
                k.HasStatus, k.HasScale, IsCustom: false, Schema: null, Verbs: k.Verbs);
        }).ToList();
    }
}
