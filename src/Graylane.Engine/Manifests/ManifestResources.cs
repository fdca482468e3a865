using Graylane.Core.Manifests;
using Graylane.Core.Validation;
using Graylane.Kubernetes;

namespace Graylane.Engine.Manifests;

/// <summary>Where each object of the manifests lives in the API: built-in kinds from the table, others from discovery.</summary>
public static class ManifestResources
{
    public static async Task<KubeResource> ResolveAsync(StepContext ctx, ManifestObject o, CancellationToken ct)
    {
        var version = o.ApiVersion.Contains('/') ? o.ApiVersion[(o.ApiVersion.IndexOf('/') + 1)..] : o.ApiVersion;
        if (ManifestKinds.Find(o.Group, o.Kind) is { } known) return new KubeResource(o.Group, version, o.Kind, known.Plural, known.Namespaced);
        var path = o.Group.Length == 0 ? $"/api/{version}" : $"/apis/{o.Group}/{version}";
        System.Text.Json.Nodes.JsonObject list;
        try
        {
            list = await ctx.Kube.GetRawAsync(path, ct);
        }
        catch (KubeApiException ex) when (ex.Status == System.Net.HttpStatusCode.NotFound)
        {
            throw ManifestLoader.Bad(o.Source, "apiVersion", $"{o.Title}: the cluster does not serve {o.ApiVersion} (is its CRD installed?)");
        }
        var resource = Core.Json.Obj.Objects(list["resources"]).FirstOrDefault(r => (string?)r["kind"] == o.Kind && !((string?)r["name"] ?? "").Contains('/'))
            ?? throw ManifestLoader.Bad(o.Source, "kind", $"the cluster serves no kind {o.Kind} in {o.ApiVersion}");
        if (resource["namespaced"]?.GetValue<bool>() == false)
            throw ManifestLoader.Bad(o.Source, "kind", $"{o.Title} is cluster-scoped; a release changes only its own namespace — apply cluster-scoped objects before the release");
        return new KubeResource(o.Group, version, o.Kind, (string?)resource["name"] ?? throw new InvalidInputException("manifests", $"discovery of {o.ApiVersion} names no resource for {o.Kind}"));
    }
}
