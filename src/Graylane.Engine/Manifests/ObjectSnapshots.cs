using System.Text.Json.Nodes;
using Graylane.Core.Json;
using Graylane.Core.Manifests;
using Graylane.Core.Model;
using Graylane.Engine.Records;
using Graylane.Kubernetes;

namespace Graylane.Engine.Manifests;

/// <summary>
/// Snapshots before a manifest object is changed: in the release record, except a Secret, whose content goes to the vault
/// Secret beside the record while the record keeps only whether it existed and a hash — the record is a ConfigMap.
/// </summary>
public static class ObjectSnapshots
{
    public static async Task TakeAsync(StepContext ctx, ReleaseSession session, KubeResource resource, string name, JsonObject? live, CancellationToken ct)
    {
        if (resource.Kind != KubeResource.Secrets.Kind || resource.Group.Length != 0)
        {
            await session.SnapshotAsync(resource, name, live, ct);
            return;
        }
        var manifests = session.Current.Manifests ??= new ManifestRelease();
        if (manifests.SecretSnapshots.Any(s => s.Name == name)) return;
        // Replaced, not kept: the vault outlives a release, and an entry left by an earlier release is not this one's
        // snapshot (its rollback would restore the content of two releases ago). Within a release the record guards it.
        if (live is not null)
            await new SecretVault(ctx.Kube, ctx.Namespace, session.App).PutAsync(new Dictionary<string, JsonObject> { [SecretVault.SnapshotKey(name)] = live }, ct);
        manifests.SecretSnapshots.Add(new SecretSnapshot { Name = name, Existed = live is not null, Hash = live is null ? null : ConfigData.Hash(live) });
        await session.SaveAsync(ct);
    }

    /// <summary>Puts the Secrets back as the vault has them (or deletes those the release created); writes only what differs.</summary>
    public static async Task RestoreSecretsAsync(StepContext ctx, ReleaseRecord record, CancellationToken ct)
    {
        if (record.Manifests is not { SecretSnapshots.Count: > 0 } manifests) return;
        var vault = new SecretVault(ctx.Kube, ctx.Namespace, record.App);
        foreach (var s in manifests.SecretSnapshots)
        {
            if (!s.Existed)
            {
                if (await Workloads.ObjectWriter.DeleteAsync(ctx.Kube, KubeResource.Secrets, ctx.Namespace, s.Name, null, ct))
                    ctx.Info($"Deleted Secret {s.Name}, created by the release");
                continue;
            }
            var saved = await vault.ReadAsync(SecretVault.SnapshotKey(s.Name), ct)
                ?? throw new Core.Planning.ReleaseConflictException($"the snapshot of Secret {s.Name} is missing from Secret {vault.Name}; restore it by hand");
            if (await Workloads.ObjectWriter.RestoreAsync(ctx.Kube, KubeResource.Secrets, ctx.Namespace, saved, ct))
                ctx.Info($"Restored Secret {s.Name} as it was before the release");
        }
    }
}
