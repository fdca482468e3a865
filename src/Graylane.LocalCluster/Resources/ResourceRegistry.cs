using System.Text.Json.Nodes;
using Graylane.LocalCluster.Resources;
using Graylane.LocalCluster.Storage;

namespace Graylane.LocalCluster;

/// <summary>
/// Every resource the local cluster serves: the built-in kinds plus each served version of every
/// registered CRD. Thread-safe; CRDs come and go as CustomResourceDefinition objects are written.
/// </summary>
public sealed class ResourceRegistry
{
    private readonly Lock _gate = new();
    private readonly List<ServedResource> _resources = new();
    private readonly Dictionary<string, List<ServedResource>> _byCrdName = new(StringComparer.Ordinal);

    public ResourceRegistry()
    {
        _resources.AddRange(BuiltInResources.All());
    }

    /// <summary>A snapshot of everything served, built-ins first.</summary>
    public IReadOnlyList<ServedResource> All
    {
        get { lock (_gate) return _resources.ToList(); }
    }

    public ServedResource? Find(string group, string version, string plural)
    {
        lock (_gate)
            return _resources.FirstOrDefault(r => r.Group == group && r.Version == version && r.Plural == plural);
    }

    public ServedResource? FindByKind(string apiVersion, string kind)
    {
        var (group, version) = SplitApiVersion(apiVersion);
        lock (_gate)
            return _resources.FirstOrDefault(r => r.Group == group && r.Version == version && r.Kind == kind);
    }

    /// <summary>The storage type for a group and plural, whatever version.</summary>
    public ResourceType? FindType(string group, string plural)
    {
        lock (_gate)
            return _resources.FirstOrDefault(r => r.Group == group && r.Plural == plural)?.Type;
    }

    /// <summary>All distinct storage types (one per group and plural).</summary>
    public IReadOnlyList<ResourceType> StorageTypes
    {
        get { lock (_gate) return _resources.Select(r => r.Type).Distinct().ToList(); }
    }

    /// <summary>The served versions of a group, most preferred first (v1 > v1beta2 > v1beta1 > v1alpha1).</summary>
    public IReadOnlyList<string> VersionsOf(string group)
    {
        lock (_gate)
            return _resources.Where(r => r.Group == group).Select(r => r.Version).Distinct()
                .OrderBy(v => v, KubeVersionComparer.Instance).ToList();
    }

    public IReadOnlyList<string> Groups
    {
        get { lock (_gate) return _resources.Select(r => r.Group).Distinct().ToList(); }
    }

    /// <summary>Registers (or re-registers) the served versions of a CustomResourceDefinition object.</summary>
    public void RegisterCrd(JsonObject crd)
    {
        var served = CrdDefinition.ServedVersions(crd);
        var name = (string?)crd["metadata"]?["name"] ?? "";
        lock (_gate)
        {
            RemoveLocked(name);
            _byCrdName[name] = served.ToList();
            _resources.AddRange(served);
        }
    }

    /// <summary>Registers resources already read from a CRD (the seeded CRDs, read once per process).</summary>
    internal void RegisterCrd(string name, IReadOnlyList<ServedResource> served)
    {
        lock (_gate)
        {
            RemoveLocked(name);
            _byCrdName[name] = served.ToList();
            _resources.AddRange(served);
        }
    }

    public void UnregisterCrd(string crdName)
    {
        lock (_gate) RemoveLocked(crdName);
    }

    private void RemoveLocked(string crdName)
    {
        if (!_byCrdName.Remove(crdName, out var old)) return;
        _resources.RemoveAll(old.Contains);
    }

    internal static (string Group, string Version) SplitApiVersion(string apiVersion)
    {
        var slash = apiVersion.IndexOf('/');
        return slash < 0 ? ("", apiVersion) : (apiVersion[..slash], apiVersion[(slash + 1)..]);
    }
}
