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
    /// <param name="current">The object as the caller just read it: the first attempt starts from it instead of reading again
    /// (a stale one only costs a 409 and a fresh read).</param>
    /// <param name="beforeRetry">Called before the change is recomputed after a conflict or a dropped connection; it throws
    /// to stop instead (a step without a Lease checks that the release record is still its own).</param>
    public static async Task<(JsonObject Object, bool Written)> UpdateAsync(KubeApi kube, KubeResource resource, string ns, string name,
        Action<JsonObject> change, CancellationToken ct, JsonObject? current = null, Func<CancellationToken, Task>? beforeRetry = null)
    {
        for (var attempt = 1; ; attempt++)
        {
            if (attempt > 1 && beforeRetry is not null) await beforeRetry(ct);
            var live = (attempt == 1 ? current : null) ?? await kube.GetCachedAsync(resource, ns, name, ct)
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
            catch (HttpRequestException) when (attempt < Attempts)
            {
                // The connection dropped: the write may or may not have landed. Reading again tells which.
            }
        }
    }

    /// <summary>Creates an object; if the connection drops, reads back whether it landed instead of creating twice.</summary>
    public static async Task<JsonObject> CreateAsync(KubeApi kube, KubeResource resource, string ns, JsonObject obj, CancellationToken ct)
    {
        try
        {
            return await kube.CreateAsync(resource, ns, obj, ct);
        }
        catch (HttpRequestException)
        {
            return await kube.GetAsync(resource, ns, Obj.Name(obj), ct) ?? await kube.CreateAsync(resource, ns, obj, ct);
        }
    }

    /// <summary>Deletes an object; a dropped connection is settled by reading whether it is gone.</summary>
    public static async Task<bool> DeleteAsync(KubeApi kube, KubeResource resource, string ns, string name, string? resourceVersion, CancellationToken ct)
    {
        try
        {
            return await kube.DeleteAsync(resource, ns, name, resourceVersion, ct);
        }
        catch (HttpRequestException)
        {
            return await kube.GetAsync(resource, ns, name, ct) is not null && await kube.DeleteAsync(resource, ns, name, resourceVersion, ct);
        }
    }

    /// <summary>Puts an object back to the given user content (create when gone); no write when it already matches.</summary>
    public static async Task<bool> RestoreAsync(KubeApi kube, KubeResource resource, string ns, JsonObject saved, CancellationToken ct)
    {
        var name = Obj.Name(saved);
        for (var attempt = 1; ; attempt++)
        {
            var live = await kube.GetCachedAsync(resource, ns, name, ct);
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
            catch (HttpRequestException) when (attempt < Attempts)
            {
                // May have landed: the next read decides.
            }
        }
    }
}
