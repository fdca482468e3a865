using System.Text.Json.Nodes;
using Graylane.LocalCluster.Storage;

namespace Graylane.LocalCluster.Controllers;

/// <summary>
/// Read-modify-write helpers: another writer (the API server) may commit between our read and our write,
/// so every write is optimistic (resourceVersion kept) and retried on 409 Conflict with a fresh read.
/// </summary>
internal static class StoreWrites
{
    private const int Attempts = 5;

    /// <summary>
    /// Applies mutate to a fresh copy and writes it (status subresource when statusOnly). mutate returns
    /// false to skip the write. Returns the stored object, or null when the object is gone.
    /// </summary>
    public static JsonObject? Mutate(ObjectStore store, ResourceType type, string ns, string name, bool statusOnly, Func<JsonObject, bool> mutate)
    {
        for (var attempt = 1; ; attempt++)
        {
            var current = store.Get(type, ns, name);
            if (current is null) return null;
            if (!mutate(current)) return current;
            try
            {
                return store.Update(type, current, statusOnly);
            }
            catch (StoreException e) when (e.Code == 409 && attempt < Attempts)
            {
                // Someone else won the race; re-read and re-apply.
            }
            catch (StoreException e) when (e.Code == 404)
            {
                return null;
            }
        }
    }

    /// <summary>Deletes, treating "already gone" as success (the API server may garbage-collect too).</summary>
    public static void DeleteIfPresent(ObjectStore store, ResourceType type, string ns, string name)
    {
        try
        {
            store.Delete(type, ns, name);
        }
        catch (StoreException e) when (e.Code == 404)
        {
        }
    }
}
