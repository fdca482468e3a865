using System.Text.Json.Nodes;
using Graylane.LocalCluster.Schemas;

namespace Graylane.LocalCluster.Resources;

/// <summary>
/// The CRDs a local cluster starts with (Istio, the ASM lanes that sit on it, the Gateway API), read into served
/// resources once per process. Their schemas are shared, read-only, by every server of the process; each server builds
/// its own stored copies of the CRD objects only when a client first reads CRDs (ObjectStore.Preload).
/// </summary>
internal static class SeedCrds
{
    public sealed record Entry(string Name, JsonObject Crd, IReadOnlyList<ServedResource> Served);

    private static readonly Lazy<IReadOnlyList<Entry>> Istio = new(() => Read(EmbeddedSchemas.IstioCrds().Concat(EmbeddedSchemas.AsmCrds())));
    private static readonly Lazy<IReadOnlyList<Entry>> GatewayApi = new(() => Read(EmbeddedSchemas.GatewayApiCrds()));

    public static IReadOnlyList<Entry> For(LocalClusterOptions options)
    {
        var result = new List<Entry>();
        if (options.LoadIstioCrds) result.AddRange(Istio.Value);
        if (options.LoadGatewayApiCrds) result.AddRange(GatewayApi.Value);
        return result;
    }

    private static IReadOnlyList<Entry> Read(IEnumerable<JsonNode> docs) =>
        docs.OfType<JsonObject>()
            // Upstream bundles ship other kinds next to CRDs (e.g. admission policies): only CRDs are loaded.
            .Where(d => d["kind"].Str() == "CustomResourceDefinition")
            .Select(d => new Entry(d.Name() ?? "", d, CrdDefinition.ServedVersions(d)))
            .ToList();
}
