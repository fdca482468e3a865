using System.Text.Json.Nodes;
using Graylane.LocalCluster.Storage;

namespace Graylane.LocalCluster.Api;

/// <summary>
/// What the garbage collector and namespace controller do after a delete, done at once: dependents whose
/// ownerReferences name the deleted uid are deleted recursively (or, for Orphan, lose that reference);
/// deleting a namespace deletes everything in it; deleting a CRD deletes its objects and unserves its kind.
/// </summary>
internal sealed class GarbageCollector(ClusterState state)
{
    public void AfterDelete(ResourceType type, JsonObject deleted, bool orphan)
    {
        var uid = deleted.Uid();
        if (type == BuiltInTypes.Namespaces) DeleteNamespaceContents(deleted.Name()!);
        if (type == BuiltInTypes.CustomResourceDefinitions) DeleteCrdContents(deleted);
        if (uid is null) return;
        foreach (var t in state.Registry.StorageTypes)
        foreach (var dependent in state.Store.ListOwnedBy(t, type.Namespaced ? deleted.Namespace() : null, uid))
        {
            if (dependent["metadata"]?["ownerReferences"] is not JsonArray refs) continue;
            var match = refs.FirstOrDefault(r => r?["uid"].Str() == uid);
            if (match is null) continue;
            if (orphan)
            {
                refs.Remove(match);
                TryUpdate(t, dependent);
                continue;
            }
            var removed = TryDelete(t, dependent);
            if (removed is not null) AfterDelete(t, removed, orphan: false);
        }
    }

    private void DeleteNamespaceContents(string ns)
    {
        foreach (var t in state.Registry.StorageTypes.Where(t => t.Namespaced))
        foreach (var obj in state.Store.List(t, ns))
        {
            var removed = TryDelete(t, obj);
            if (removed is not null) AfterDelete(t, removed, orphan: false);
        }
    }

    private void DeleteCrdContents(JsonObject crd)
    {
        var group = crd["spec"]?["group"].Str() ?? "";
        var plural = crd["spec"]?["names"]?["plural"].Str() ?? "";
        var type = state.Registry.FindType(group, plural);
        if (type is not null)
            foreach (var obj in state.Store.List(type)) TryDelete(type, obj);
        state.Registry.UnregisterCrd(crd.Name() ?? "");
    }

    private JsonObject? TryDelete(ResourceType t, JsonObject obj)
    {
        try { return state.Store.Delete(t, obj.Namespace(), obj.Name()!); }
        catch (StoreException) { return null; } // already gone: someone else deleted it first
    }

    private void TryUpdate(ResourceType t, JsonObject obj)
    {
        try { state.Store.Update(t, obj); }
        catch (StoreException) { } // changed or gone meanwhile; the next owner delete will see it again
    }
}
