using System.Text.Json.Nodes;
using Graylane.LocalCluster.Storage;

namespace Graylane.LocalCluster.Controllers;

/// <summary>
/// Finding a controller's children by ownerReference, and garbage-collecting children whose owner is gone
/// (or was replaced by a new object of the same name). Idempotent: the API server may collect them too.
/// </summary>
internal static class OwnedObjects
{
    public static List<JsonObject> ControlledBy(ObjectStore store, ResourceType childType, JsonObject owner) =>
        store.List(childType, Json.Namespace(owner)).Where(c => Json.IsControlledBy(c, owner)).ToList();

    /// <summary>Deletes children whose controller is ownerKind/ownerName but whose uid is not liveOwnerUid.</summary>
    public static void CollectOrphans(ObjectStore store, ResourceType childType, string ns, string ownerKind, string ownerName, string? liveOwnerUid)
    {
        foreach (var child in store.List(childType, ns))
        {
            if (Json.ControllerRef(child) is not { } owner) continue;
            if ((string?)owner["kind"] != ownerKind || (string?)owner["name"] != ownerName) continue;
            if (liveOwnerUid is not null && (string?)owner["uid"] == liveOwnerUid) continue;
            StoreWrites.DeleteIfPresent(store, childType, ns, Json.Name(child));
        }
    }
}
