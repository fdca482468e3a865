using System.Text.Json.Nodes;
using Graylane.Core.Json;
using Graylane.Kubernetes;

namespace Graylane.Engine.Workloads;

/// <summary>
/// Read-modify-write with optimistic concurrency: the change is computed from the object as read and
/// sent with its resourceVersion; on 409 Conflict the object is read again and the change recomputed.
/// Writes nothing when the change leaves the object as it is.
/// </summary>
public static class ObjectWriter
{
    private const int Attempts = 5;

    /// <summary>Applies change to the live object; returns the object after the write, or as it was when nothing changed.</summary>
    public static async Task<(JsonObject Object, bool Written)> UpdateAsync(KubeApi kube, KubeResource resource, string ns, string name,
        Action<JsonObject> change, CancellationToken ct)
    {
        for (var attempt = 1; ; attempt++)
        {
            var live = await kube.GetAsync(resource, ns, name, ct)
                ?? throw new InvalidOperationException($"{resource.Kind} {ns}/{name} does not exist");
            var wanted = Obj.Clone(live);
            change(wanted);
            if (JsonNode.DeepEquals(live, wanted)) return (live, false);
            try
            {
                return (await kube.ReplaceAsync(resource, ns, wanted, ct), true);
            }
            catch (KubeApiException ex) when (ex.IsConflict && attempt < Attempts)
            {
                // Someone wrote in between: recompute the change from their version.
            }
        }
    }

    /// <summary>Puts an object back to the given user content (create when gone); no write when it already matches.</summary>
    public static async Task<bool> RestoreAsync(KubeApi kube, KubeResource resource, string ns, JsonObject saved, CancellationToken ct)
    {
        var name = Obj.Name(saved);
        for (var attempt = 1; ; attempt++)
        {
            var live = await kube.GetAsync(resource, ns, name, ct);
            if (live is not null && ServerFields.SameUserContent(live, saved)) return false;
            var body = Obj.Clone(saved);
            try
            {
                if (live is null)
                {
                    await kube.CreateAsync(resource, ns, body, ct);
                }
                else
                {
                    Obj.Metadata(body)["resourceVersion"] = Obj.ResourceVersion(live);
                    await kube.ReplaceAsync(resource, ns, body, ct);
                }
                return true;
            }
            catch (KubeApiException ex) when ((ex.IsConflict || ex.IsAlreadyExists) && attempt < Attempts)
            {
            }
        }
    }
}
