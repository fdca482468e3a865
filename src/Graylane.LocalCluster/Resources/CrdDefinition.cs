using System.Text.Json.Nodes;
using Graylane.LocalCluster.Storage;

namespace Graylane.LocalCluster.Resources;

/// <summary>Reads a CustomResourceDefinition object into the resources it serves.</summary>
internal static class CrdDefinition
{
    public static IReadOnlyList<ServedResource> ServedVersions(JsonObject crd)
    {
        var spec = crd["spec"] as JsonObject ?? throw new ArgumentException("CRD has no spec");
        var group = (string?)spec["group"] ?? "";
        var names = spec["names"] as JsonObject ?? new JsonObject();
        var kind = (string?)names["kind"] ?? "";
        var plural = (string?)names["plural"] ?? "";
        var singular = (string?)names["singular"] ?? kind.ToLowerInvariant();
        var shortNames = Strings(names["shortNames"]);
        var categories = Strings(names["categories"]);
        var namespaced = ((string?)spec["scope"] ?? "Namespaced") == "Namespaced";
        var versions = (spec["versions"] as JsonArray ?? []).OfType<JsonObject>().ToList();
        var storage = versions.FirstOrDefault(v => (bool?)v["storage"] == true) ?? versions.FirstOrDefault();
        if (storage is null) return [];
        var type = new ResourceType(group, (string?)storage["name"] ?? "", kind, plural, namespaced);
        return versions
            .Where(v => (bool?)v["served"] != false)
            .Select(v => new ServedResource(
                type,
                (string?)v["name"] ?? "",
                singular,
                shortNames,
                categories,
                HasStatus: v["subresources"]?["status"] is not null,
                HasScale: v["subresources"]?["scale"] is not null,
                IsCustom: true,
                Schema: (v["schema"]?["openAPIV3Schema"] ?? spec["validation"]?["openAPIV3Schema"])?.DeepClone() as JsonObject))
            .ToList();
    }

    /// <summary>A copy of the CRD with the status the apiextensions controller gives it: names accepted, Established.</summary>
    public static JsonObject WithStatus(JsonObject crd, DateTimeOffset now)
    {
        var at = now.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'");
        var withStatus = (JsonObject)crd.DeepClone();
        withStatus["status"] = new JsonObject
        {
            ["acceptedNames"] = crd["spec"]?["names"]?.DeepClone(),
            ["conditions"] = new JsonArray(
                Condition("NamesAccepted", "NoConflicts", "no conflicts found", at),
                Condition("Established", "InitialNamesAccepted", "the initial names have been accepted", at)),
            ["storedVersions"] = new JsonArray((crd["spec"]?["versions"] as JsonArray ?? [])
                .Where(v => (bool?)v?["storage"] == true).Select(v => (JsonNode?)v?["name"]?.DeepClone()).ToArray()),
        };
        return withStatus;
    }

    private static JsonObject Condition(string type, string reason, string message, string now) => new()
    {
        ["type"] = type, ["status"] = "True", ["lastTransitionTime"] = now, ["reason"] = reason, ["message"] = message,
    };

    private static IReadOnlyList<string> Strings(JsonNode? node) =>
        node is JsonArray a ? a.Select(x => (string?)x ?? "").ToList() : [];
}
