using System.Text.Json.Nodes;
using Graylane.LocalCluster.Yaml;

namespace Graylane.LocalCluster.Tests.Cel;

/// <summary>Every CustomResourceDefinition embedded in the local cluster (Istio, ASM lanes, Gateway API, …), found by resource name.</summary>
internal static class EmbeddedCrds
{
    public static IEnumerable<(string Resource, JsonObject Crd)> All()
    {
        var assembly = typeof(LocalClusterServer).Assembly;
        foreach (var name in assembly.GetManifestResourceNames().Where(n => n.EndsWith(".yaml", StringComparison.Ordinal)).Order())
        {
            using var stream = assembly.GetManifestResourceStream(name)!;
            var text = new StreamReader(stream).ReadToEnd();
            foreach (var doc in YamlJson.ParseDocuments(text).OfType<JsonObject>())
                if ((string?)doc["kind"] == "CustomResourceDefinition") yield return (name, doc);
        }
    }

    /// <summary>Each rule with where it sits: CRD name, version and the schema path of its node.</summary>
    public static IEnumerable<(string Crd, string Version, string Path, JsonObject Rule)> Rules()
    {
        foreach (var (_, crd) in All())
        foreach (var version in (crd["spec"]!["versions"] as JsonArray)!.OfType<JsonObject>())
        {
            if (version["schema"]?["openAPIV3Schema"] is not JsonObject schema) continue;
            foreach (var (path, rule) in Walk(schema, ""))
                yield return ((string)crd["metadata"]!["name"]!, (string)version["name"]!, path, rule);
        }
    }

    private static IEnumerable<(string Path, JsonObject Rule)> Walk(JsonObject node, string path)
    {
        foreach (var rule in (node["x-kubernetes-validations"] as JsonArray ?? []).OfType<JsonObject>())
            yield return (path.Length == 0 ? "<root>" : path, rule);
        foreach (var (key, child) in node["properties"] as JsonObject ?? [])
            if (child is JsonObject c) foreach (var r in Walk(c, path.Length == 0 ? key : $"{path}.{key}")) yield return r;
        if (node["additionalProperties"] is JsonObject additional) foreach (var r in Walk(additional, $"{path}[*]")) yield return r;
        if (node["items"] is JsonObject items) foreach (var r in Walk(items, $"{path}[]")) yield return r;
    }
}
