using System.Text.Json.Nodes;
using Graylane.Core.Validation;

namespace Graylane.Core.Manifests;

/// <summary>
/// Reads --manifests into a checked <see cref="ManifestSet"/>: every file parsed (multi-document YAML, List kinds
/// flattened), every object checked. Any problem is bad input naming the file, the document and the field, raised
/// before the step touches the cluster.
/// </summary>
public static class ManifestLoader
{
    public static ManifestSet Load(string value, IManifestFiles files, string ns)
    {
        var objects = new List<ManifestObject>();
        foreach (var path in ManifestPaths.Expand(value, files))
        {
            var text = path == ManifestSource.StandardInput ? files.ReadStandardInput() : files.ReadFile(path);
            objects.AddRange(Parse(path, text));
        }
        return ManifestSet.Create(objects, ns);
    }

    /// <summary>The objects of one file, in order; empty documents are skipped as kubectl skips them.</summary>
    public static IReadOnlyList<ManifestObject> Parse(string file, string text)
    {
        IReadOnlyList<YamlDocumentText> documents;
        try
        {
            // kubectl reads a file line by line and ends every line with a line break, the last one too: a block scalar
            // (`key: |`) on the last line of a file without a final newline still keeps its "\n", as on the cluster.
            documents = ManifestYaml.ParseDocuments(text.EndsWith('\n') || text.Length == 0 ? text : text + "\n");
        }
        catch (ManifestYamlException ex)
        {
            var where = ex.Line > 0 ? $" line {ex.Line}, column {ex.Column}" : "";
            throw new InvalidInputException("manifests", $"--manifests {new ManifestSource(file, 0, 0).FileName}{where}: YAML does not parse: {ex.Message}");
        }
        var objects = new List<ManifestObject>();
        foreach (var doc in documents)
        {
            var source = new ManifestSource(file, doc.Index, doc.Line);
            switch (doc.Content)
            {
                case null:
                    continue;
                case JsonObject o when IsList(o):
                    var item = 0;
                    foreach (var entry in o["items"] as JsonArray ?? [])
                    {
                        item++;
                        objects.Add(new ManifestObject(entry as JsonObject
                            ?? throw Bad(source with { Item = item }, "items", "each item of a List must be an object"), source with { Item = item }));
                    }
                    break;
                case JsonObject o:
                    objects.Add(new ManifestObject(o, source));
                    break;
                default:
                    throw Bad(source, "(document)", $"a manifest document must be an object with apiVersion, kind and metadata, not {Describe(doc.Content)}");
            }
        }
        return objects;
    }

    // kubectl treats "List" and any "<Kind>List" with items as a list of objects.
    private static bool IsList(JsonObject o) =>
        (string?)o["kind"] is { } kind && kind.EndsWith("List", StringComparison.Ordinal) && o["items"] is JsonArray;

    private static string Describe(JsonNode node) => node switch
    {
        JsonArray => "a list",
        _ => $"the value {node.ToJsonString()}",
    };

    public static InvalidInputException Bad(ManifestSource source, string field, string message) =>
        new("manifests", $"--manifests {source}: {field}: {message}");
}
