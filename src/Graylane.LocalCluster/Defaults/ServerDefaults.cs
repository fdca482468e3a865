using System.Text.Json.Nodes;
using Graylane.LocalCluster.Storage;

namespace Graylane.LocalCluster.Defaults;

/// <summary>
/// What the API server fills in before validating a write (old null on create): defaults of the built-in kinds that
/// kubectl users see (Secret type and stringData folded into data, Service fields and allocated clusterIP/nodePorts,
/// Job selector and counts, ReplicationController selector). Other kinds are stored as sent.
/// </summary>
internal sealed class ServerDefaults(ObjectStore store)
{
    private readonly ServiceAllocator _allocator = new(store);

    public void Apply(ServedResource r, JsonObject obj, JsonObject? old)
    {
        if (r.IsCustom) return;
        switch (r.Group, r.Kind)
        {
            case ("", "Secret"):
                SecretDefaults.Apply(obj);
                break;
            case ("", "Service"):
                ServiceDefaults.Apply(obj, old);
                _allocator.Allocate(r, obj);
                break;
            case ("batch", "Job"):
                WorkloadDefaults.Job(obj, create: old is null);
                break;
            case ("", "ReplicationController"):
                WorkloadDefaults.ReplicationController(obj);
                break;
        }
    }
}
