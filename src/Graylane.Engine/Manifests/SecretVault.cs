using System.Text;
using System.Text.Json.Nodes;
using Graylane.Core.Json;
using Graylane.Kubernetes;

namespace Graylane.Engine.Manifests;

/// <summary>
/// The Secret beside the release record (graylane-&lt;app&gt;-secrets): what promote needs to make a Secret of the manifests
/// current (key desired.&lt;name&gt;) and what rollback needs to restore one (snapshot.&lt;name&gt;). The record is a ConfigMap
/// many may read, so Secret values never go there; only those who may read Secrets can read this one.
/// </summary>
public sealed class SecretVault(KubeApi kube, string ns, string app)
{
    public string Name => $"graylane-{app}-secrets";

    public static string DesiredKey(string secret) => "desired." + secret;
    public static string SnapshotKey(string secret) => "snapshot." + secret;

    /// <summary>The Secret object kept under a key, or null.</summary>
    public async Task<JsonObject?> ReadAsync(string key, CancellationToken ct)
    {
        var vault = await kube.GetAsync(KubeResource.Secrets, ns, Name, ct);
        return vault?["data"]?[key] is { } encoded
            ? JsonNode.Parse(Encoding.UTF8.GetString(Convert.FromBase64String(encoded.ToString()))) as JsonObject
            : null;
    }

    /// <summary>Adds or replaces entries; an entry already holding the same object is not written again.</summary>
    public async Task PutAsync(IReadOnlyDictionary<string, JsonObject> entries, CancellationToken ct, bool keepExisting = false)
    {
        for (var attempt = 1; ; attempt++)
        {
            var live = await kube.GetAsync(KubeResource.Secrets, ns, Name, ct);
            var data = (live?["data"] as JsonObject)?.DeepClone() as JsonObject ?? [];
            var changed = false;
            foreach (var (key, obj) in entries)
            {
                if (keepExisting && data.ContainsKey(key)) continue;
                var encoded = Convert.ToBase64String(Encoding.UTF8.GetBytes(ServerFields.Strip(obj).ToJsonString()));
                if ((string?)data[key] == encoded) continue;
                data[key] = encoded;
                changed = true;
            }
            if (!changed) return;
            var body = new JsonObject
            {
                ["apiVersion"] = "v1",
                ["kind"] = "Secret",
                ["metadata"] = new JsonObject
                {
                    ["name"] = Name,
                    ["namespace"] = ns,
                    ["labels"] = new JsonObject { ["app.kubernetes.io/managed-by"] = "graylane", ["graylane.io/app"] = app },
                },
                ["type"] = "Opaque",
                ["data"] = data,
            };
            try
            {
                if (live is null) await kube.CreateAsync(KubeResource.Secrets, ns, body, ct);
                else
                {
                    Obj.Metadata(body)["resourceVersion"] = Obj.ResourceVersion(live);
                    await kube.ReplaceAsync(KubeResource.Secrets, ns, body, ct);
                }
                return;
            }
            catch (KubeApiException ex) when ((ex.IsConflict || ex.IsAlreadyExists) && attempt < 5)
            {
            }
            catch (HttpRequestException) when (attempt < 5)
            {
            }
        }
    }

    /// <summary>Removes the vault (a new release starts with an empty one).</summary>
    public async Task DeleteAsync(CancellationToken ct) => await Workloads.ObjectWriter.DeleteAsync(kube, KubeResource.Secrets, ns, Name, null, ct);
}
