using System.Text.Json.Nodes;
using Graylane.Core.Json;
using Graylane.Core.Model;
using Graylane.Core.Planning;
using Graylane.Kubernetes;

namespace Graylane.Engine.Records;

/// <summary>
/// Keeps each app's release record in a ConfigMap (graylane-&lt;app&gt;) in the app's namespace. Every save
/// carries the resourceVersion it read, so two steps racing on one release cannot both win.
/// </summary>
public sealed class ReleaseStore(KubeApi kube, string ns)
{
    public const string DataKey = "release.json";

    public static string ConfigMapName(string app) => $"graylane-{app}";

    public async Task<ReleaseSession> OpenAsync(string app, CancellationToken ct)
    {
        var cm = await kube.GetAsync(KubeResource.ConfigMaps, ns, ConfigMapName(app), ct);
        if (cm is null) return new ReleaseSession(this, app, null, null);
        var json = (string?)cm["data"]?[DataKey];
        var record = json is null ? null : GraylaneJson.Deserialize(json);
        return new ReleaseSession(this, app, record, Obj.ResourceVersion(cm));
    }

    /// <summary>Writes the record; returns the new resourceVersion. A stale version means another step changed it.</summary>
    internal async Task<string?> SaveAsync(ReleaseRecord record, string? resourceVersion, CancellationToken ct)
    {
        var cm = new JsonObject
        {
            ["apiVersion"] = "v1",
            ["kind"] = "ConfigMap",
            ["metadata"] = new JsonObject
            {
                ["name"] = ConfigMapName(record.App),
                ["namespace"] = ns,
                ["labels"] = new JsonObject
                {
                    ["app.kubernetes.io/managed-by"] = "graylane",
                    ["graylane.io/app"] = record.App,
                },
            },
            ["data"] = new JsonObject { [DataKey] = GraylaneJson.Serialize(record) },
        };
        try
        {
            if (resourceVersion is null)
                return Obj.ResourceVersion(await kube.CreateAsync(KubeResource.ConfigMaps, ns, cm, ct));
            Obj.Metadata(cm)["resourceVersion"] = resourceVersion;
            return Obj.ResourceVersion(await kube.ReplaceAsync(KubeResource.ConfigMaps, ns, cm, ct));
        }
        catch (HttpRequestException)
        {
            // The write may have landed before the connection dropped: if the stored record is ours, go on with it.
            var stored = await kube.GetAsync(KubeResource.ConfigMaps, ns, ConfigMapName(record.App), ct);
            if (stored is not null && (string?)stored["data"]?[DataKey] == (string?)cm["data"]![DataKey])
                return Obj.ResourceVersion(stored);
            throw;
        }
        catch (KubeApiException ex) when (ex.IsConflict || ex.IsAlreadyExists)
        {
            throw new ReleaseConflictException(
                $"the release record of {record.App} (ConfigMap {ns}/{ConfigMapName(record.App)}) was changed by another step (or someone else) while this step ran, " +
                "before it changed anything else; check the release's status and re-run this step", busy: true);
        }
    }
}
