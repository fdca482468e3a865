using System.Reflection;
using System.Text.Json.Nodes;

namespace Graylane.LocalCluster.Schemas;

/// <summary>The upstream schema files embedded in this assembly (see Schemas/NOTICE).</summary>
internal static class EmbeddedSchemas
{
    private static readonly Lazy<JsonObject> SwaggerDoc = new(() =>
        (JsonObject)JsonNode.Parse(ReadText("Graylane.LocalCluster.Schemas.swagger.json"))!);

    /// <summary>The Kubernetes OpenAPI v2 document (parsed once; callers must not modify it).</summary>
    public static JsonObject Swagger => SwaggerDoc.Value;

    public static string SwaggerText => ReadText("Graylane.LocalCluster.Schemas.swagger.json");

    public static string IstioCrdYaml => ReadText("Graylane.LocalCluster.Schemas.istio-crd-all.gen.yaml");

    private static readonly Lazy<IReadOnlyList<JsonNode>> IstioDocs = new(() => Yaml.YamlJson.ParseDocuments(IstioCrdYaml));

    /// <summary>The Istio CRDs, parsed once per process; each call returns fresh copies.</summary>
    public static IEnumerable<JsonNode> IstioCrds() => IstioDocs.Value.Select(d => d.DeepClone());

    private static readonly Lazy<IReadOnlyList<JsonNode>> AsmDocs = new(() => Yaml.YamlJson.ParseDocuments(ReadText("Graylane.LocalCluster.Schemas.asm-swimlane-crds.yaml")));

    /// <summary>The Alibaba ASM lane CRDs (ASMSwimLaneGroup, ASMSwimLane), written from ASM's public Go types; fresh copies.</summary>
    public static IEnumerable<JsonNode> AsmCrds() => AsmDocs.Value.Select(d => d.DeepClone());

    private const string GatewayApiPrefix = "Graylane.LocalCluster.Schemas.gateway-api.";

    private static readonly Lazy<IReadOnlyList<JsonNode>> GatewayApiDocs = new(() =>
        Assembly.GetExecutingAssembly().GetManifestResourceNames()
            .Where(n => n.StartsWith(GatewayApiPrefix, StringComparison.Ordinal)).Order(StringComparer.Ordinal)
            .SelectMany(n => Yaml.YamlJson.ParseDocuments(ReadText(n))).ToList());

    /// <summary>The Gateway API standard-channel CRDs (v1.6.1); fresh copies.</summary>
    public static IEnumerable<JsonNode> GatewayApiCrds() => GatewayApiDocs.Value.Select(d => d.DeepClone());

    private static string ReadText(string name)
    {
        using var stream = Assembly.GetExecutingAssembly().GetManifestResourceStream(name)
                           ?? throw new InvalidOperationException($"embedded resource {name} is missing");
        using var reader = new StreamReader(stream);
        return reader.ReadToEnd();
    }
}
